# The Rack configuration Lapse starts Redmine with (examples/redmine/serve.sh: `rails server --config`):
# Redmine's own config.ru, plus `Cache-Control: no-store` on its HTML pages, as a proxy in front of a
# deployment would add it. Stock Redmine 5.0 marks pages `max-age=0, private, must-revalidate`: cacheable, so
# after signing out, the browser's Back button shows "My page" again from the browser's back/forward cache
# (Lapse catches it: features/logout.feature, "The back button after sign-out shows the sign-in page").
# LAPSE_REDMINE_CACHE_CONTROL=stock leaves Redmine's own header alone (target redmine-stock-cache).
require "/usr/share/redmine/config/environment"

class NoStoreHtml
  def initialize(app)
    @app = app
  end

  def call(env)
    status, headers, body = @app.call(env)
    headers["Cache-Control"] = "no-store" if headers["Content-Type"].to_s.start_with?("text/html")
    [status, headers, body]
  end
end

use NoStoreHtml unless ENV["LAPSE_REDMINE_CACHE_CONTROL"] == "stock"
run Rails.application
