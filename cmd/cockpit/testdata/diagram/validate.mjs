// Parses Mermaid files with the mermaid package's own parser, under jsdom:
// the check that `cockpit diagram`'s output is valid Mermaid, not only
// text that looks like it. TestDiagramsParseWithMermaid runs it when
// COCKPIT_MERMAID_MODULES names a folder where `npm i mermaid jsdom` ran.
//
//   node validate.mjs MODULES_DIR FILE.mmd...
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [dir, ...files] = process.argv.slice(2);
const mod = (name, file) => import(pathToFileURL(path.join(dir, 'node_modules', name, file)).href);
const { JSDOM } = await mod('jsdom', 'lib/api.js');
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const k of ['navigator', 'Element', 'HTMLElement', 'SVGElement', 'DOMParser', 'Node', 'MutationObserver']) {
  if (!(k in globalThis)) { try { globalThis[k] = dom.window[k]; } catch (e) { /* read-only in this node */ } }
}
const { default: mermaid } = await mod('mermaid', 'dist/mermaid.core.mjs');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
let bad = 0;
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  try {
    const r = await mermaid.parse(text);
    const d = await mermaid.mermaidAPI.getDiagramFromText(text);
    // The parse must also mean what the text says: every label whole (a
    // semicolon, say, parses, but ends the label and makes new states),
    // and no state the text does not declare.
    const arrows = [...text.matchAll(/^ {4}(\S+) --> (\S+)(?: : (.*))?$/gm)];
    const rels = d.db.getRelations();
    if (rels.length !== arrows.length) throw new Error(`${rels.length} transitions parsed, ${arrows.length} written`);
    rels.forEach((rel, i) => {
      const want = arrows[i][3] || '';
      if (rel.relationTitle !== want) throw new Error(`label ${JSON.stringify(rel.relationTitle)} parsed, ${JSON.stringify(want)} written`);
    });
    const declared = new Set([...text.matchAll(/^ {4}state "[^"]*" as (\S+)$/gm)].map((m) => m[1]));
    for (const m of arrows) for (const id of [m[1], m[2]]) if (id !== '[*]') declared.add(id);
    const states = d.db.getStates();
    for (const id of states instanceof Map ? states.keys() : Object.keys(states)) {
      if (!declared.has(id) && !id.startsWith('root_')) throw new Error(`state ${JSON.stringify(id)} parsed, not written`);
    }
    console.log(`${path.basename(f)}: ${r.diagramType}, ${rels.length} transitions, labels and states as written`);
  } catch (e) {
    bad++;
    console.log(`${path.basename(f)}: ${e.message || e}`);
  }
}
process.exit(bad ? 1 : 0);
