# Run by examples/redmine/serve.sh before Redmine starts: the two session settings of this run's database
# (a copy), in minutes, as Administration → Settings → Authentication would store them.
#   ruby -rsqlite3 session_settings.rb DATABASE SESSION_TIMEOUT SESSION_LIFETIME
database, timeout, lifetime = ARGV
db = SQLite3::Database.new(database)
{ "session_timeout" => timeout, "session_lifetime" => lifetime }.each do |name, minutes|
  abort "session_settings.rb: #{name} must be whole minutes, not #{minutes.inspect}" unless minutes.match?(/\A\d+\z/)
  db.execute("UPDATE settings SET value = ?, updated_on = datetime('now') WHERE name = ?", [minutes, name])
  abort "session_settings.rb: no setting #{name} in #{database}: run examples/setup.sh" unless db.changes == 1
end
