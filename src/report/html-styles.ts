/**
 * The report page's style and its one small script, inlined so the file works from disk with no
 * network. Large type and strong contrast for a projector; every colour repeats a word or letter
 * (safe / UNSAFE / untouched, D L F ...) so nothing is said by colour alone; print turns the page
 * to black on white, opens every story and keeps tables and diagrams whole.
 */
import { SEQUENCE_SVG_CSS } from './sequence-svg.js';

export const REPORT_CSS = `
:root{--ink:#111;--muted:#444;--line:#999;--safe:#0a6b2a;--safe-bg:#dff3e4;--bad:#a0001c;--bad-bg:#fde2e4;--warn:#6b4e00;--warn-bg:#fff1c2}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1600px;padding:24px 32px;font:20px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:#fff}
h1{font-size:2em;margin:.2em 0}
h2{font-size:1.5em;margin:1.6em 0 .3em;border-bottom:3px solid var(--ink)}
h3{font-size:1.15em;margin:1em 0 .3em}
code,pre{font:0.85em/1.4 ui-monospace,"DejaVu Sans Mono",Menlo,monospace}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;border:1px solid #ccc;padding:12px;margin:.4em 0}
.command{display:block;background:#111;color:#fff;padding:8px 12px;border-radius:4px;overflow-wrap:anywhere}
.command::before{content:"$ ";color:#9cf}
.story-text{max-width:60em;color:var(--ink)}
.meta,.legend{color:var(--muted)}
nav ol{columns:2;margin:.3em 0}
.wide{overflow-x:auto}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}
th{background:#e9e9e9}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.safe,.ok{background:var(--safe-bg);color:var(--safe);font-weight:700}
.unsafe,.harm{background:var(--bad-bg);color:var(--bad);font-weight:700}
.untouched{background:var(--warn-bg);color:var(--warn);font-weight:700}
.held{color:var(--safe);font-weight:700}
.missed{background:var(--bad-bg);color:var(--bad);font-weight:700}
td a{color:inherit;text-decoration:underline;text-decoration-thickness:2px}
td a::after{content:" ›"}
details.story{border:2px solid var(--line);border-radius:6px;margin:.6em 0;padding:0 12px}
details.story[open]{border-color:var(--bad)}
details.story>summary{cursor:pointer;padding:8px 0;font-weight:700}
details.story:target{outline:4px solid #1a5fb4}
.diagram{overflow-x:auto;margin:.5em 0}
ul.verdicts li{margin:.2em 0}
svg.chart{width:100%;max-width:1100px;height:auto;display:block;margin:.5em 0 1.2em}
${SEQUENCE_SVG_CSS}
@media print{
  body{font-size:10pt;max-width:none;padding:0}
  nav,.no-print{display:none}
  .wide,.diagram{overflow:visible}
  h2{break-before:page}
  table,svg,pre{break-inside:avoid}
  details.story{border-color:#000}
  .command{background:none;color:#000;border:1px solid #000}
  a{text-decoration:none}
  td a::after{content:""}
}
@page{size:A4 landscape;margin:12mm}
`;

/**
 * A link to a story opens it (and a story named in the address is open on arrival); printing
 * opens them all, since a closed <details> prints as its summary only.
 */
export const REPORT_SCRIPT = `
(function(){
  function openTarget(){
    var id=decodeURIComponent(location.hash.slice(1));
    var target=id&&document.getElementById(id);
    if(target&&target.tagName==='DETAILS'){target.open=true;target.scrollIntoView({block:'start'});}
  }
  window.addEventListener('hashchange',openTarget);
  document.addEventListener('click',function(event){
    var link=event.target.closest&&event.target.closest('a[href^="#"]');
    var target=link&&document.getElementById(link.getAttribute('href').slice(1));
    if(target&&target.tagName==='DETAILS'){target.open=true;}
  });
  document.addEventListener('DOMContentLoaded',openTarget);
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details').forEach(function(d){d.open=true;});
  });
})();
`;
