/**
 * The workshop page's look: large type for a projector, moves marked by arrow and colour (the
 * arrows read without colour, as in play's table), the lit step of a story outlined.
 */
export const PAGE_STYLE = `
:root { font-family: system-ui, sans-serif; font-size: 17px; color: #1b1b1b; background: #fafafa; }
body { margin: 0 auto; max-width: 78rem; padding: 0 1.2rem 3rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; border-bottom: 2px solid #ccc; padding: 0.8rem 0; }
header h1 { font-size: 1.4rem; margin: 0 1rem 0 0; }
select, input, button { font: inherit; }
button { cursor: pointer; padding: 0.25rem 0.8rem; }
#run { font-weight: bold; font-size: 1.1rem; padding: 0.4rem 1.2rem; }
section { margin-top: 1.4rem; }
h2 { font-size: 1.25rem; margin-bottom: 0.3rem; }
#story p { margin: 0.4rem 0; max-width: 60rem; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.2rem 0.6rem; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
#knobs tr.changed th, #knobs tr.changed td { background: #fff6d6; }
.scenario-value { color: #666; }
.problem, #problem { color: #b00020; }
#problem:empty { display: none; }
#problem { font-weight: bold; white-space: pre-line; }
.results td { font-variant-numeric: tabular-nums; }
.safe { color: #16701f; }
.unsafe { color: #b00020; font-weight: bold; }
.moved-up .arrow { color: #b00020; }
.moved-down .arrow { color: #16701f; }
#moves { background: #f0f0f0; padding: 0.5rem; }
.hint { color: #555; }
body.busy { cursor: progress; }
progress { width: 16rem; vertical-align: middle; }
#violations ol { padding-left: 2.2rem; max-height: 11rem; overflow: auto; margin: 0; }
#violations button { text-align: left; margin: 0.1rem 0; font-size: 0.85rem; }
.moves button { margin-right: 0.4rem; }
#story-current { font-family: ui-monospace, monospace; background: #fff6d6; padding: 0.4rem; min-height: 1.2rem; }
.story-body { display: flex; gap: 1rem; align-items: flex-start; }
#story-steps { font-family: ui-monospace, monospace; font-size: 0.8rem; max-height: 32rem; overflow: auto; flex: 1 1 40%; margin: 0; }
#story-steps li.current { background: #ffe28a; }
#story-steps li.kind-charge { font-weight: bold; }
.diagram { overflow: auto; max-height: 32rem; flex: 1 1 60%; background: #fff; border: 1px solid #ddd; }
.story-diagram text { font: 11px ui-monospace, monospace; fill: #1b1b1b; }
.story-diagram .actor { font-weight: bold; font-size: 13px; }
.story-diagram .lifeline { stroke: #bbb; stroke-dasharray: 4 3; }
.story-diagram .message { stroke: #333; }
.story-diagram .message.dashed { stroke-dasharray: 5 3; }
.story-diagram .lost { fill: #b00020; font-size: 14px; }
.story-diagram marker path { fill: #333; }
.story-diagram .note { fill: #eef3fb; stroke: #9db3d6; }
.story-diagram .kind-charge .note { fill: #ffe0b3; stroke: #d98a00; }
.story-diagram .current text { font-weight: bold; }
.story-diagram .current .note, .story-diagram .current line.message { stroke: #d90000; stroke-width: 2.5; }
#json { max-height: 24rem; overflow: auto; background: #f0f0f0; padding: 0.5rem; font-size: 0.8rem; }
`;
