// The foot map: an SVG sole seen from below, toes up, with only the zones the device has.
// Each zone is a button coloured by its technique, more opaque the higher its level.

const NS = 'http://www.w3.org/2000/svg';

export const TECHNIQUE_COLOURS = {
  knead: '#c8693a', roll: '#3f7cac', press: '#7d5ba6', vibrate: '#2f9c85', compress: '#c9a227',
};

const SOLE = 'M 60 92 C 70 74, 140 70, 156 92 C 168 112, 164 150, 156 185 C 150 215, 152 250, 154 290 '
  + 'C 157 350, 140 402, 100 404 C 62 406, 46 372, 48 330 C 50 295, 66 270, 70 240 C 74 210, 52 190, 46 160 '
  + 'C 40 130, 48 108, 60 92 Z';

// Where each zone is drawn and where its label goes.
const SHAPES = {
  toes: { ellipses: [[72, 50, 17, 22], [103, 42, 11, 15], [124, 46, 10, 13], [142, 55, 9, 12], [157, 68, 8, 10]], label: [112, 16] },
  ball: { band: [0, 80, 260, 92], label: [106, 128] },
  arch: { band: [0, 172, 260, 108], label: [112, 226] },
  heel: { band: [0, 280, 260, 130], label: [102, 342] },
  calf: { rect: [196, 36, 52, 160, 24], label: [222, 110] },
  ankle: { rect: [199, 214, 46, 78, 18], label: [222, 248] },
};
const ORDER = ['toes', 'ball', 'arch', 'heel', 'ankle', 'calf'];

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

/**
 * Draws the zones of a profile into the svg; onPick(zone) is called on a tap, Enter or click.
 * Returns a function that paints a state's zones.
 */
export function drawFoot(svg, profile, onPick) {
  svg.replaceChildren();
  const zones = ORDER.filter((z) => profile.zones[z]);
  const leg = zones.includes('calf') || zones.includes('ankle');
  svg.setAttribute('viewBox', leg ? '0 0 260 420' : '22 0 170 420');
  const defs = el('defs', {}, svg);
  const clip = el('clipPath', { id: 'sole-clip' }, defs);
  el('path', { d: SOLE }, clip);
  el('path', { d: SOLE, class: 'sole' }, svg);
  const parts = {};
  for (const zone of zones) {
    const shape = SHAPES[zone];
    const g = el('g', { class: 'zone', 'data-zone': zone, role: 'button', tabindex: '0' }, svg);
    const painted = [];
    if (shape.ellipses) {
      for (const [cx, cy, rx, ry] of shape.ellipses) painted.push(el('ellipse', { cx, cy, rx, ry }, g));
    } else if (shape.band) {
      const [x, y, w, h] = shape.band;
      painted.push(el('rect', { x, y, width: w, height: h, 'clip-path': 'url(#sole-clip)' }, g));
    } else {
      const [x, y, w, h, r] = shape.rect;
      painted.push(el('rect', { x, y, width: w, height: h, rx: r }, g));
    }
    for (const p of painted) { p.style.stroke = '#596070'; p.style.strokeWidth = '1.5'; }
    const [lx, ly] = shape.label;
    const name = el('text', { x: lx, y: ly }, g);
    name.textContent = zone;
    const sub = el('text', { x: lx, y: ly + 16, class: 'sub' }, g);
    const pick = () => onPick(zone);
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); pick(); } });
    parts[zone] = { g, painted, sub };
  }
  for (const t of svg.querySelectorAll('text')) {
    t.style.paintOrder = 'stroke';
    t.style.stroke = '#0f1115';
    t.style.strokeWidth = '3px';
    t.style.strokeLinejoin = 'round';
  }
  return (state) => {
    for (const [zone, part] of Object.entries(parts)) {
      const z = state && state.zones ? state.zones[zone] : null;
      const level = z ? z.level : 0;
      const steps = z ? z.steps : profile.steps;
      const technique = z ? z.technique : profile.zones[zone][0];
      const colour = TECHNIQUE_COLOURS[technique] || '#888';
      const opacity = level === 0 ? 0.1 : 0.35 + 0.65 * (level / steps);
      for (const p of part.painted) {
        p.style.fill = colour;
        p.style.fillOpacity = String(opacity);
      }
      const words = level === 0 ? 'off' : `${technique} ${level}/${steps}`;
      part.sub.textContent = words;
      part.g.dataset.level = String(level);
      part.g.dataset.technique = technique;
      part.g.setAttribute('aria-label', `${zone}: ${level === 0 ? 'off' : `${technique} at level ${level} of ${steps}`}. Change`);
    }
  };
}
