# frozen_string_literal: true
#
# The kramdown oracle for test/unit/kramdown-diff.test.ts: kramdown 2.4.0 with kramdown-parser-gfm 1.1.0, from
# ../shared/jekyll-oracles' vendored gems, with the options Jekyll passes (Jekyll 4.4's defaults; GitHub Pages
# adds gfm_quirks: paragraph_end). Reads JSON lines {"body": "...", "options": {...}} on stdin and prints one
# JSON line {"html": "..."} (or {"error": "..."}) per input. Run by
# `ruby scripts/ruby-kramdown.rb GEMS_DIR` (GEMS_DIR: the oracles' vendor/gems/gems).
require "json"

gems = ARGV[0] or abort("usage: ruby-kramdown.rb GEMS_DIR")
%w(kramdown-2.4.0 kramdown-parser-gfm-1.1.0).each { |g| $LOAD_PATH.unshift(File.join(gems, g, "lib")) }
require "kramdown"
require "kramdown-parser-gfm"

JEKYLL = {
  "auto_ids" => true, "toc_levels" => (1..6).to_a, "entity_output" => "as_char",
  "smart_quotes" => "lsquo,rsquo,ldquo,rdquo", "input" => "GFM", "hard_wrap" => false,
  "guess_lang" => true, "footnote_nr" => 1, "show_warnings" => false, "syntax_highlighter" => nil,
}.freeze

$stdout.sync = true
$stdin.each_line do |line|
  req = JSON.parse(line)
  opts = JEKYLL.merge(req["options"] || {})
  input = opts.delete("input") || "GFM"
  sym = opts.each_with_object({}) { |(k, v), h| h[k.to_sym] = v }
  sym[:input] = input
  begin
    puts JSON.generate("html" => Kramdown::Document.new(req["body"], sym).to_html)
  rescue StandardError => e
    puts JSON.generate("error" => "#{e.class}: #{e.message}")
  end
end
