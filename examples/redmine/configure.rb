# Run by examples/setup.sh with `rails runner` in Redmine's instance "lapse": the settings an administrator would
# choose under Administration → Settings → Authentication, and the test user (created, or its password reset,
# from LAPSE_USERNAME and LAPSE_PASSWORD). Each Lapse run may set the two session settings again on its own copy
# of the database (examples/redmine/serve.sh), which is how the misconfigured twin is made.
# The database is migrated first if it needs to be (a new database, or a newer Redmine package).
migrations = ActiveRecord::Base.connection.migration_context
if migrations.needs_migration?
  ActiveRecord::Migration.verbose = false
  migrations.migrate
  ActiveRecord::Base.descendants.each(&:reset_column_information)
end

Setting.login_required = "1"       # "Authentication required": anonymous visitors are sent to /login
Setting.session_timeout = "15"     # "Session inactivity timeout", in minutes (idle timeout)
Setting.session_lifetime = "480"   # "Session maximum lifetime", in minutes (absolute lifetime: 8 hours)
Setting.autologin = "0"            # no "Stay logged in" cookie: a session ends when the server says so

login = ENV.fetch("LAPSE_USERNAME")
user = User.find_by_login(login) ||
       User.new(firstname: "Lapse", lastname: "Tester", mail: "#{login}@example.invalid")
user.login = login
user.password = user.password_confirmation = ENV.fetch("LAPSE_PASSWORD")
user.status = User::STATUS_ACTIVE
user.must_change_passwd = false
user.save!
