"""The report's stylesheet, inlined so the file opens anywhere, prints cleanly, and fetches nothing.

System fonts only (no web fonts), no `url()`; colours carry meaning consistently between the verdict
badges, the timeline marks and the evidence table.
"""

CSS = """
:root{--ink:#1c2533;--muted:#5f6b7a;--line:#dde2e8;--bg:#f4f6f8;--card:#fff;--navy:#1e3a5f;
--pass:#13703a;--pass-bg:#dcf3e4;--fail:#b42318;--fail-bg:#fde4e1;--skip:#4b5563;--skip-bg:#e7eaee;
--warn:#a15c07;--warn-bg:#fdf0d5;--in:#16a34a;--out:#475569;--unknown:#d97706;--clock:#7c3aed;
--act:#2563eb;--idle:#fbe3a6;--idle-line:#d9a93a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--navy)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
header.top{background:var(--navy);color:#fff;padding:22px 0 18px}
header.top .wrap{display:flex;justify-content:space-between;align-items:flex-end;gap:24px;flex-wrap:wrap}
header.top h1{margin:0;font-size:24px;font-weight:650;letter-spacing:.2px}
header.top .sub{opacity:.85;margin-top:4px}
header.top .runid{font-family:ui-monospace,Menlo,Consolas,monospace;background:rgba(255,255,255,.14);
padding:2px 8px;border-radius:4px}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
nav.toc{background:#fff;border-bottom:1px solid var(--line);font-size:13px}
nav.toc .wrap{display:flex;gap:18px;flex-wrap:wrap;padding-top:9px;padding-bottom:9px}
nav.toc a{text-decoration:none;color:var(--muted)}nav.toc a:hover{color:var(--navy)}
main{padding:8px 0 40px}
section.block{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:20px 24px;
margin:20px 0}
h2{font-size:19px;margin:0 0 14px;color:var(--navy)}
h3{font-size:16px;margin:0}
.muted{color:var(--muted)}
.grid2{display:grid;grid-template-columns:minmax(0,1.3fr) minmax(0,1fr);gap:28px}
@media (max-width:820px){.grid2{grid-template-columns:1fr}}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:5px 18px;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(112px,1fr));gap:10px;margin-bottom:14px}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fbfcfd}
.tile .n{font-size:26px;font-weight:700;line-height:1.1}.tile .l{color:var(--muted);font-size:12.5px}
.tile.passed .n,.tile.proven .n{color:var(--pass)}
.tile.failed .n,.tile.error .n,.tile.hook_error .n{color:var(--fail)}
.tile.not-proven .n,.tile.skipped .n,.tile.untested .n{color:var(--skip)}.tile.undefined .n{color:var(--warn)}
.verdict-line{font-size:15px;font-weight:600;margin:0 0 10px}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:650;
white-space:nowrap;border:1px solid transparent}
.badge.passed,.badge.proven{background:var(--pass-bg);color:var(--pass);border-color:#b5e2c4}
.badge.failed,.badge.error,.badge.hook_error{background:var(--fail-bg);color:var(--fail);border-color:#f6c4be}
.badge.skipped,.badge.untested,.badge.not-proven{background:var(--skip-bg);color:var(--skip)}
.badge.undefined{background:var(--warn-bg);color:var(--warn)}
.tag{display:inline-block;font-size:12px;color:var(--navy);background:#eaf0f7;border-radius:4px;
padding:0 6px;margin:0 4px 2px 0;text-decoration:none;font-family:ui-monospace,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.4px;
border-bottom:2px solid var(--line);padding:7px 8px}
td{border-bottom:1px solid var(--line);padding:8px;vertical-align:top}
table.controls td.id{white-space:nowrap;font-weight:650}
table.controls .title{display:block;font-weight:400;color:var(--muted);font-size:12.5px;white-space:normal}
table.controls{table-layout:fixed}table.controls td{overflow-wrap:anywhere}
table.controls .note{color:var(--muted);font-size:12.5px;margin-top:4px}
ul.proofs{list-style:none;margin:0;padding:0}ul.proofs li{padding-left:18px;text-indent:-18px;margin-bottom:3px}
ul.proofs .mark{text-indent:0}
table.controls tr.unclaimed td{color:var(--muted)}
.flag{display:inline-block;margin-top:4px;color:var(--warn);font-size:12px;font-weight:600;text-decoration:none}
.policy{background:#f3f7fb;border-left:4px solid var(--navy);padding:10px 14px;border-radius:4px;margin:10px 0}
.policy .sentence{font-size:15px}
ul.policy-findings{margin:6px 0 0;padding-left:0;list-style:none;color:var(--warn)}
ul.policy-findings a{color:var(--warn);font-weight:700;text-decoration:none}
ul.policies{margin:0;padding-left:18px}ul.policies li{margin:4px 0}
.findings{list-style:none;margin:0;padding:0}
.findings li{border:1px solid #f0d9a8;background:var(--warn-bg);border-radius:6px;padding:9px 12px;margin:8px 0}
.findings .ctl{font-weight:700;color:var(--warn);margin-right:6px}
.ok{color:var(--pass);font-weight:600}
section.feature{margin:28px 0}
section.feature>h2{font-size:21px;margin-bottom:4px}
.feature-meta{color:var(--muted);font-size:13px;margin-bottom:6px}
.description{white-space:pre-line;margin:8px 0 12px}
article.scenario{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--skip);
border-radius:8px;padding:16px 20px;margin:16px 0}
article.scenario.passed{border-left-color:var(--pass)}
article.scenario.failed,article.scenario.error,article.scenario.hook_error{border-left-color:var(--fail)}
article.scenario.undefined{border-left-color:var(--warn)}
.sc-head{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.sc-meta{color:var(--muted);font-size:12.5px;margin:4px 0 10px}
h4{font-size:12px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted);margin:16px 0 6px}
ol.steps{list-style:none;margin:0;padding:10px 14px;background:#fafbfc;border:1px solid var(--line);
border-radius:6px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
ol.steps li{padding:2px 0}
.mark{display:inline-block;width:18px;font-weight:700}
.st-passed .mark{color:var(--pass)}.st-failed .mark,.st-error .mark,.st-hook_error .mark{color:var(--fail)}
.st-skipped,.st-untested{color:var(--muted)}.st-undefined .mark{color:var(--warn)}
.kw{font-weight:700;color:var(--navy)}
table.datatable{width:auto;margin:4px 0 4px 26px}
table.datatable td{border:1px solid var(--line);padding:1px 10px;background:#fff}
pre.error{white-space:pre-wrap;background:var(--fail-bg);color:#7a1a12;border:1px solid #f6c4be;
border-radius:5px;padding:8px 10px;margin:6px 0 4px 26px;font-size:12.5px;overflow-wrap:anywhere}
figure{margin:0}
figcaption{color:var(--muted);font-size:12.5px;margin-top:2px}
svg.timeline{display:block;max-width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
svg.timeline text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:11px;fill:var(--ink)}
svg.timeline .lane0{fill:#fafbfc}svg.timeline .lane1{fill:#f3f5f8}
svg.timeline .lane-label{font-weight:600;fill:var(--muted)}
svg.timeline .axis{stroke:#9aa4b1;stroke-width:1}
svg.timeline .grid{stroke:#e3e7ec;stroke-width:1}
svg.timeline .tick,svg.timeline .axis-title,svg.timeline .legend{fill:var(--muted)}
svg.timeline .idle{fill:var(--idle);stroke:var(--idle-line);stroke-width:.8}
svg.timeline .gap{fill:#eceff3;stroke:#cdd3da;stroke-width:.8;stroke-dasharray:3 2}
svg.timeline .bar-label{fill:#6b4e07;font-size:10.5px}
svg.timeline .sign-in,svg.timeline .sign-out{fill:var(--navy)}
svg.timeline .activity{fill:var(--act)}
svg.timeline .clock{fill:var(--clock)}
svg.timeline .mark-label{fill:var(--clock);font-size:10.5px}
svg.timeline .outcome-in{fill:var(--in)}svg.timeline .outcome-out{fill:var(--out)}
svg.timeline .outcome-unknown{fill:var(--unknown)}svg.timeline .outcome-none{fill:#9aa4b1}
svg.timeline g:hover>*:not(title){opacity:.75}
details.evidence>summary{cursor:pointer;font-size:12px;text-transform:uppercase;letter-spacing:.5px;
color:var(--muted);font-weight:600;margin:16px 0 6px}
table.evidence{font-size:12.5px}
table.evidence td.num{color:var(--muted);width:28px}
table.evidence th,table.evidence td:nth-child(4),table.evidence td:nth-child(5){white-space:nowrap}
table.evidence td.time{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
table.evidence td.real{color:var(--muted)}
table.evidence .kind{display:inline-block;font-size:11px;color:var(--muted);background:#eef1f4;
border-radius:3px;padding:0 5px;margin-right:2px}
tr.ev-probe td,tr.ev-replay td{background:#fcfdfe}
.chips{margin-top:3px}
.chip{display:inline-block;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11.5px;
background:#eef1f4;border-radius:3px;padding:0 6px;margin:2px 4px 0 0;overflow-wrap:anywhere}
.chip.req{background:#e6eefb;color:#1d3f7a}.chip.status.s2{background:#dcf3e4;color:#13703a}
.chip.status.s3{background:#e7eaee;color:#374151}.chip.status.s4,.chip.status.s5{background:#fde4e1;color:#b42318}
.chip.cookie{background:#f1ebfd;color:#5b2bb5}
.answer{font-weight:650;white-space:nowrap}
.answer.outcome-in{color:var(--in)}.answer.outcome-out{color:var(--out)}.answer.outcome-unknown{color:var(--unknown)}
.shot-cell{margin-top:6px}
.shot input{display:none}
.shot img{display:block;width:168px;border:1px solid var(--line);border-radius:4px;cursor:zoom-in}
.shot input:checked+img{position:fixed;inset:0;margin:auto;width:auto;max-width:94vw;max-height:94vh;z-index:10;
box-shadow:0 0 0 100vmax rgba(15,23,42,.6);cursor:zoom-out}
.shot-missing{display:inline-block;margin-top:4px;color:var(--warn);background:var(--warn-bg);border-radius:3px;
padding:1px 6px;font-size:12px}
footer{color:var(--muted);font-size:12.5px;padding:18px 0 40px;border-top:1px solid var(--line)}
@media print{body{background:#fff;font-size:11.5px}nav.toc{display:none}
header.top{background:#fff;color:var(--ink);border-bottom:2px solid var(--navy)}
header.top .runid{background:#eef1f4}section.block,article.scenario{break-inside:avoid-page;border-color:#ccc}
details.evidence>summary{list-style:none}}
"""
