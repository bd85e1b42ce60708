// GPT Explorer's canvas heatmap: one matrix, or a grid of same-sized blocks (layers x heads), drawn from
// compact bytes (explorer/figures/array_codec.py) on a <canvas>. Spec: explorer/figures/canvas.py.
// Hover shows the row token, the column token and the value; a click or Enter selects a cell or a block
// (trigger "select"); the arrow keys move the cursor. No libraries, no network: Streamlit's components v2.

const CODE_MAX = 252, POS_INF = 253, NEG_INF = 254, NAN_CODE = 255;

function b64bytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function half(h) {  // IEEE 754 binary16 -> number
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

async function decode(spec) {  // -> Float32Array in C order
  const raw = await inflate(b64bytes(spec.b64));
  const n = spec.shape.reduce((a, b) => a * b, 1), out = new Float32Array(n);
  if (spec.kind === "float32") {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (spec.kind === "float16") {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) out[i] = half(view.getUint16(2 * i, true));
  } else {
    const step = (spec.hi - spec.lo) / CODE_MAX;
    for (let i = 0; i < n; i++) {
      const c = raw[i];
      out[i] = c <= CODE_MAX ? spec.lo + c * step : c === NAN_CODE ? NaN : c === NEG_INF ? -Infinity : Infinity;
    }
  }
  return out;
}

function fmt(v, digits) {
  if (Number.isNaN(v)) return null;
  if (v === -Infinity) return "−∞";
  if (v === Infinity) return "+∞";
  return v.toFixed(digits);
}

function layout(spec, width) {
  // Geometry in CSS px: blocks of R x C cells, gaps between blocks, margins for titles and token labels.
  const [nbr, nbc] = spec.grid, [R, C] = spec.block;
  const left = spec.row_labels_px, top = spec.title ? 30 : 6, right = spec.colorbar ? 70 : 10;
  const blockTitle = spec.block_titles ? 28 : 0, bottom = spec.col_labels_px;
  const gap = nbc > 1 ? 8 : 0;
  const avail = Math.max(60, Math.min(width, spec.max_width) - left - right - gap * (nbc - 1));
  let cell = Math.min(avail / (nbc * C), spec.max_cell_px);
  const maxH = spec.max_height - top - bottom - nbr * blockTitle - gap * (nbr - 1);
  cell = Math.max(0.25, Math.min(cell, maxH / (nbr * R * spec.aspect)));
  const cw = cell, ch = cell * spec.aspect, bw = C * cw, bh = R * ch;
  const height = top + nbr * (blockTitle + bh) + gap * (nbr - 1) + bottom;
  const blockX = c => left + c * (bw + gap), blockY = r => top + blockTitle + r * (bh + gap + blockTitle);
  return {nbr, nbc, R, C, cw, ch, bw, bh, left, top, right, bottom, gap, blockTitle, height,
          width: left + nbc * bw + gap * (nbc - 1) + right, blockX, blockY};
}

function hit(g, x, y) {  // canvas px -> {br, bc, i, j} or null
  for (let br = 0; br < g.nbr; br++) {
    const y0 = g.blockY(br);
    if (y < y0 || y >= y0 + g.bh) continue;
    for (let bc = 0; bc < g.nbc; bc++) {
      const x0 = g.blockX(bc);
      if (x < x0 || x >= x0 + g.bw) continue;
      return {br, bc, i: Math.floor((y - y0) / g.ch), j: Math.floor((x - x0) / g.cw)};
    }
  }
  return null;
}

function colour(spec, v) {  // -> [r, g, b]
  if (!Number.isFinite(v)) return spec.masked_rgb;
  const n = spec.lut.length / 3, span = spec.zmax - spec.zmin || 1;
  const k = Math.max(0, Math.min(n - 1, Math.round((v - spec.zmin) / span * (n - 1))));
  return [spec.lut[3 * k], spec.lut[3 * k + 1], spec.lut[3 * k + 2]];
}

function paintBlocks(spec, values, g) {  // one offscreen bitmap per block row: R x (nbc * C) pixels
  // Inline colour lookup: GPT-2's grid is 2.4 million cells, so no per-cell allocation or call.
  const lut = spec.lut, n = lut.length / 3, lo = spec.zmin, scale = (n - 1) / ((spec.zmax - spec.zmin) || 1);
  const [mr, mg, mb] = spec.masked_rgb, bitmaps = [];
  for (let br = 0; br < g.nbr; br++) {
    const off = document.createElement("canvas");
    off.width = g.nbc * g.C; off.height = g.R;
    const ctx = off.getContext("2d"), img = ctx.createImageData(off.width, off.height), px = img.data;
    for (let bc = 0; bc < g.nbc; bc++) {
      const base = (br * g.nbc + bc) * g.R * g.C;
      for (let i = 0; i < g.R; i++) {
        let p = 4 * (i * off.width + bc * g.C), v0 = base + i * g.C;
        for (let j = 0; j < g.C; j++, p += 4) {
          const v = values[v0 + j];
          if (v - v !== 0) { px[p] = mr; px[p + 1] = mg; px[p + 2] = mb; }  // NaN or ±inf: masked grey
          else {
            let k = Math.round((v - lo) * scale);
            k = k < 0 ? 0 : k >= n ? n - 1 : k;
            px[p] = lut[3 * k]; px[p + 1] = lut[3 * k + 1]; px[p + 2] = lut[3 * k + 2];
          }
          px[p + 3] = 255;
        }
      }
    }
    ctx.putImageData(img, 0, 0);
    bitmaps.push(off);
  }
  return bitmaps;
}

function labelEvery(n, px, minPx) { return Math.max(1, Math.ceil(minPx / Math.max(px, 0.01))); }

function draw(st) {
  const {spec, g, canvas, bitmaps} = st, dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(g.width * dpr); canvas.height = Math.round(g.height * dpr);
  canvas.style.width = g.width + "px"; canvas.style.height = g.height + "px";
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "white"; ctx.fillRect(0, 0, g.width, g.height);
  ctx.font = "11px Menlo, Consolas, 'DejaVu Sans Mono', monospace"; ctx.fillStyle = "#222";
  if (spec.title) {  // squeezed rather than run under the PNG button in a narrow column
    ctx.font = "bold 13px sans-serif"; ctx.fillText(spec.title, g.left, 18, Math.max(60, g.width - g.left - 58));
  }
  ctx.imageSmoothingEnabled = false;
  for (let br = 0; br < g.nbr; br++) {
    for (let bc = 0; bc < g.nbc; bc++) {
      const x0 = g.blockX(bc), y0 = g.blockY(br);
      ctx.drawImage(bitmaps[br], bc * g.C, 0, g.C, g.R, x0, y0, g.bw, g.bh);
      if (spec.block_titles) {
        ctx.font = "10px sans-serif"; ctx.fillStyle = "#222";
        const [head, sub] = spec.block_titles[br][bc];
        ctx.fillText(head, x0, y0 - (sub ? 15 : 4), g.bw);
        if (sub) { ctx.fillStyle = "#666"; ctx.fillText(sub, x0, y0 - 4, g.bw); }
      }
    }
  }
  ctx.font = "10px Menlo, Consolas, 'DejaVu Sans Mono', monospace"; ctx.fillStyle = "#333";
  if (spec.row_labels && g.nbr === 1) {  // token labels beside the rows and under the columns
    const every = labelEvery(g.R, g.ch, 11);
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (let i = 0; i < g.R; i += every) ctx.fillText(spec.row_labels[i], g.left - 4, g.blockY(0) + (i + 0.5) * g.ch, g.left - 8);
    ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
  }
  if (spec.col_labels && g.nbc === 1) {
    const every = labelEvery(g.C, g.cw, 12);
    const y = g.blockY(g.nbr - 1) + g.bh + 4;
    for (let j = 0; j < g.C; j += every) {
      ctx.save(); ctx.translate(g.left + (j + 0.5) * g.cw, y); ctx.rotate(Math.PI / 2);
      ctx.textBaseline = "middle"; ctx.fillText(spec.col_labels[j], 0, 0, g.bottom - 20); ctx.restore();
    }
  }
  ctx.font = "11px sans-serif"; ctx.fillStyle = "#444";
  if (spec.row_title) { ctx.save(); ctx.translate(10, g.blockY(0) + g.bh / 2); ctx.rotate(-Math.PI / 2); ctx.textAlign = "center"; ctx.fillText(spec.row_title, 0, 0); ctx.restore(); }
  if (spec.col_title) { ctx.textAlign = "center"; ctx.fillText(spec.col_title, g.left + (g.width - g.left - g.right) / 2, g.height - 4); ctx.textAlign = "left"; }
  if (spec.diagonal && g.nbr === 1 && g.nbc === 1) {
    ctx.strokeStyle = "#d62728"; ctx.setLineDash([5, 4]); ctx.lineWidth = 1.5; ctx.beginPath();
    const n = Math.min(g.R, g.C);
    ctx.moveTo(g.left, g.blockY(0)); ctx.lineTo(g.left + n * g.cw, g.blockY(0) + n * g.ch); ctx.stroke(); ctx.setLineDash([]);
    if (spec.diagonal_text) { ctx.fillStyle = "#d62728"; ctx.textAlign = "right"; ctx.fillText(spec.diagonal_text, g.left + g.bw - 4, g.blockY(0) + 12); ctx.textAlign = "left"; }
  }
  if (spec.colorbar) {  // a vertical colour bar with its min, middle and max
    const x = g.width - g.right + 14, y0 = g.blockY(0), h = Math.min(200, g.height - y0 - g.bottom);
    for (let k = 0; k < h; k++) {
      const [r, gg, b] = colour(spec, spec.zmax - (k / Math.max(h - 1, 1)) * (spec.zmax - spec.zmin));
      ctx.fillStyle = `rgb(${r},${gg},${b})`; ctx.fillRect(x, y0 + k, 12, 1);
    }
    ctx.fillStyle = "#333"; ctx.font = "10px sans-serif";
    ctx.fillText(fmt(spec.zmax, 2), x + 15, y0 + 8); ctx.fillText(fmt(spec.zmin, 2), x + 15, y0 + h);
    if (spec.colorbar) { ctx.save(); ctx.translate(x + 6, y0 + h + 14); ctx.fillText(spec.colorbar, -6, 0); ctx.restore(); }
  }
  const outline = (br, bc, i, j, colourName, width) => {
    ctx.strokeStyle = colourName; ctx.lineWidth = width;
    if (i === undefined) ctx.strokeRect(g.blockX(bc) - 3, g.blockY(br) - 3, g.bw + 6, g.bh + 6);
    else ctx.strokeRect(g.blockX(bc) + j * g.cw - 1, g.blockY(br) + i * g.ch - 1, g.cw + 2, g.ch + 2);
  };
  if (spec.selected_block) outline(spec.selected_block[0], spec.selected_block[1], undefined, undefined, "#d62728", 3);
  if (spec.selected_cell) outline(0, 0, spec.selected_cell[0], spec.selected_cell[1], "#d62728", 2);
  if (spec.highlight_row != null && g.nbr === 1 && g.nbc === 1) {  // one whole row outlined (a lookup's row)
    ctx.strokeStyle = "#d62728"; ctx.lineWidth = 2;
    ctx.strokeRect(g.blockX(0) - 1, g.blockY(0) + spec.highlight_row * g.ch - 1, g.bw + 2, g.ch + 2);
  }
  if (st.cursor && document.activeElement === canvas) {
    const c = st.cursor;
    if (spec.select === "block") outline(c.br, c.bc, undefined, undefined, "#ff7f0e", 2);
    else outline(c.br, c.bc, c.i, c.j, "#ff7f0e", 2);
  }
}

function hoverText(st, h) {
  const {spec, values, g} = st, T = spec.text;
  const v = values[((h.br * g.nbc + h.bc) * g.R + h.i) * g.C + h.j];
  const lines = [];
  if (spec.block_titles) lines.push(spec.block_titles[h.br][h.bc].filter(Boolean).join(" · "));
  const n = h.i + (spec.row_offset || 0);  // a window of rows names them by their row in the whole matrix
  const row = spec.row_labels ? `${n} ${JSON.stringify(spec.row_labels[h.i])}` : `${n}`;
  const col = spec.col_labels ? `${h.j} ${JSON.stringify(spec.col_labels[h.j])}` : `${h.j}`;
  lines.push(`${T.row}: ${row}`, `${T.col}: ${col}`);
  const shown = fmt(v, spec.digits);
  lines.push(shown === null ? T.masked : `${T.value}: ${spec.rounded ? "≈" : ""}${shown}`);
  if (spec.block_notes) lines.push(spec.block_notes[h.br][h.bc]);
  if (spec.select) lines.push(T.click);
  return lines.filter(Boolean).join("\n");
}

function showTip(st, h, px, py) {
  const tip = st.tip;
  if (!h) { tip.style.display = "none"; return; }
  tip.textContent = hoverText(st, h);
  tip.style.display = "block";
  const x = Math.min(px + 14, st.g.width - tip.offsetWidth - 4);
  tip.style.left = Math.max(0, x) + "px"; tip.style.top = (py + 14) + "px";
  tip.dataset.cell = `${h.br},${h.bc},${h.i},${h.j}`;
}

function select(st, h) {
  if (!st.spec.select || !h) return;
  const value = st.spec.select === "block" ? {block: [h.br, h.bc]} : {cell: [h.i, h.j], block: [h.br, h.bc]};
  st.setTriggerValue("select", value);
}

function moveCursor(st, key) {
  const g = st.g, c = st.cursor || {br: 0, bc: 0, i: 0, j: 0};
  const block = st.spec.select === "block";
  const d = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]}[key];
  if (block) {
    c.br = Math.max(0, Math.min(g.nbr - 1, c.br + d[0])); c.bc = Math.max(0, Math.min(g.nbc - 1, c.bc + d[1]));
    c.i = g.R - 1; c.j = 0;
  } else {
    c.i = Math.max(0, Math.min(g.R - 1, c.i + d[0])); c.j = Math.max(0, Math.min(g.C - 1, c.j + d[1]));
  }
  st.cursor = c;
  return c;
}

function downloadPng(st) {
  const a = document.createElement("a");
  a.download = (st.spec.file_stem || "chart") + ".png";
  a.href = st.canvas.toDataURL("image/png");
  a.click();
}

export default function (component) {
  const {data, parentElement, setTriggerValue} = component;
  let root = parentElement.querySelector(".gx-canvas-chart");
  if (!root) {
    root = document.createElement("div");
    root.className = "gx-canvas-chart";
    root.innerHTML = '<button class="gx-png" type="button"></button><canvas tabindex="0"></canvas><div class="gx-tip"></div>';
    parentElement.appendChild(root);
  }
  const canvas = root.querySelector("canvas"), tip = root.querySelector(".gx-tip"), png = root.querySelector(".gx-png");
  const st = root.__gx || (root.__gx = {drawn: 0});
  Object.assign(st, {canvas, tip, setTriggerValue});
  const spec = data;
  png.textContent = spec.text.png; png.title = spec.text.png_help;
  canvas.setAttribute("aria-label", spec.title || "heatmap");
  const token = (st.token || 0) + 1; st.token = token;
  decode(spec.values).then(values => {
    if (st.token !== token) return;  // a newer spec arrived while this one decoded
    st.spec = spec; st.values = values;
    st.g = layout(spec, root.clientWidth || 800);
    st.bitmaps = paintBlocks(spec, values, st.g);
    if (st.cursor && (st.cursor.br >= st.g.nbr || st.cursor.bc >= st.g.nbc || st.cursor.i >= st.g.R || st.cursor.j >= st.g.C)) st.cursor = null;
    draw(st);
    st.drawn += 1; root.dataset.drawn = String(st.drawn);  // for tests and the latency benchmark
  });
  const pos = e => { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  canvas.onmousemove = e => { if (!st.g) return; const [x, y] = pos(e); showTip(st, hit(st.g, x, y), x, y); };
  canvas.onmouseleave = () => showTip(st, null);
  canvas.onclick = e => { if (!st.g) return; const [x, y] = pos(e); select(st, hit(st.g, x, y)); };
  canvas.onkeydown = e => {
    if (!st.g) return;
    if (e.key.startsWith("Arrow")) {
      e.preventDefault();
      const c = moveCursor(st, e.key); draw(st);
      showTip(st, c, st.g.blockX(c.bc) + (c.j + 1) * st.g.cw, st.g.blockY(c.br) + (c.i + 1) * st.g.ch);
    } else if ((e.key === "Enter" || e.key === " ") && st.cursor) { e.preventDefault(); select(st, st.cursor); }
  };
  canvas.onfocus = () => { if (st.g) draw(st); };
  canvas.onblur = () => { if (st.g) { draw(st); showTip(st, null); } };
  png.onclick = () => downloadPng(st);
  if (!st.resize) {  // one observer per chart element, however often new data arrives
    st.resize = new ResizeObserver(() => {
      if (!st.spec) return;
      const g = layout(st.spec, root.clientWidth || 800);
      if (Math.abs(g.width - st.g.width) > 1) { st.g = g; draw(st); }
    });
    st.resize.observe(root);
  }
  return () => { if (st.resize) { st.resize.disconnect(); st.resize = null; } };
}
