// The job graph as SVG: jobs in columns by dependency depth (a job sits one column right of its deepest
// requirement), dependency edges solid, routing edges dashed; each node shows its state and duration.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_WIDTH = 168;
const NODE_HEIGHT = 58;
const COLUMN_GAP = 64;
const ROW_GAP = 22;
const MARGIN = 12;
const STATES = ['pending', 'running', 'done', 'failed', 'skipped', 'cancelled'];

function svg(name, attributes) {
  const element = document.createElementNS(SVG, name);
  Object.entries(attributes || {}).forEach(([key, value]) => element.setAttribute(key, String(value)));
  return element;
}

/** Flattens `depends_on` items (a nested list is an OR group) into job ids. */
function requirementsOf(job) {
  const ids = [];
  (job.depends_on || []).forEach(item => (Array.isArray(item) ? item : [item]).forEach(id => ids.push(String(id))));
  return ids;
}

/** Column of each job: 0 for jobs without requirements, else 1 + the deepest requirement (cycles cut). */
export function layers(jobs) {
  const byId = new Map(jobs.map(job => [job.id, job]));
  const depth = new Map();
  const visiting = new Set();
  const depthOf = id => {
    if (depth.has(id)) return depth.get(id);
    if (visiting.has(id) || !byId.has(id)) return -1;
    visiting.add(id);
    const deepest = Math.max(-1, ...requirementsOf(byId.get(id)).map(depthOf));
    visiting.delete(id);
    depth.set(id, deepest + 1);
    return deepest + 1;
  };
  jobs.forEach(job => depthOf(job.id));
  // a routing target without requirements sits right of the job that routes to it
  let moved = true;
  for (let round = 0; moved && round < jobs.length; round++) {
    moved = false;
    jobs.forEach(job => (job.routes || []).forEach(target => {
      const targetJob = byId.get(String(target));
      if (targetJob && requirementsOf(targetJob).length === 0 && depth.get(targetJob.id) <= depth.get(job.id)) {
        depth.set(targetJob.id, depth.get(job.id) + 1);
        moved = true;
      }
    }));
  }
  return depth;
}

/** Draws the graph into `container`; answers an object to update job states. */
export function drawGraph(container, jobs, onJobs) {
  const graph = new JobGraphView(container, jobs, onJobs);
  graph.draw();
  return graph;
}

class JobGraphView {
  constructor(container, jobs, listElement) {
    this.container = container;
    this.jobs = jobs.map(job => ({ ...job, id: String(job.id) }));
    this.listElement = listElement;
    this.nodes = new Map();
    this.timer = null;
    this.vertical = false;
    this.resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.fit()) : null;
    if (this.resizes) this.resizes.observe(container);
  }

  /** Redraws when the container's width calls for the other orientation. */
  fit() {
    if (this.jobs.length > 0 && this.wantsVertical() !== this.vertical) this.draw();
  }

  /** Rows top down when the columns would not fit the container's width. */
  wantsVertical() {
    const count = Math.max(...layers(this.jobs).values()) + 1;
    const across = MARGIN * 2 + count * NODE_WIDTH + (count - 1) * COLUMN_GAP;
    const available = this.container.clientWidth;
    return available > 0 && across > available && count > 1;
  }

  /** Draws (or redraws, keeping the job states): columns left to right, or rows top down when that is too wide. */
  draw() {
    const previous = new Map([...this.nodes].map(([id, node]) => [id, node]));
    this.container.replaceChildren();
    if (this.listElement) this.listElement.replaceChildren();
    this.nodes.clear();
    if (this.jobs.length === 0) {
      const none = document.createElement('p');
      none.className = 'muted';
      none.textContent = 'The jobs appear here when the workflow runs.';
      this.container.append(none);
      return;
    }
    const depth = layers(this.jobs);
    const layerList = [];
    this.jobs.forEach(job => {
      const layer = depth.get(job.id) || 0;
      (layerList[layer] = layerList[layer] || []).push(job);
    });
    const widest = Math.max(...layerList.map(layer => (layer ? layer.length : 0)));
    const across = MARGIN * 2 + layerList.length * NODE_WIDTH + (layerList.length - 1) * COLUMN_GAP;
    this.vertical = this.wantsVertical();
    const span = (count, size, gap) => count * size + (count - 1) * gap;
    const width = this.vertical ? MARGIN * 2 + span(widest, NODE_WIDTH, ROW_GAP) : across;
    const height = this.vertical ? MARGIN * 2 + span(layerList.length, NODE_HEIGHT, COLUMN_GAP / 1.5)
      : MARGIN * 2 + span(widest, NODE_HEIGHT, ROW_GAP);
    const root = svg('svg', {
      viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'dag',
      'aria-label': `Job graph: ${this.jobs.length} job${this.jobs.length === 1 ? '' : 's'}`
    });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
    defs.append(marker);
    root.append(defs);

    const position = new Map();
    layerList.forEach((layer, index) => {
      if (!layer) return;
      if (this.vertical) {
        const offset = (width - MARGIN * 2 - span(layer.length, NODE_WIDTH, ROW_GAP)) / 2;
        layer.forEach((job, place) => position.set(job.id, {
          x: MARGIN + offset + place * (NODE_WIDTH + ROW_GAP),
          y: MARGIN + index * (NODE_HEIGHT + COLUMN_GAP / 1.5)
        }));
      } else {
        const offset = (height - MARGIN * 2 - span(layer.length, NODE_HEIGHT, ROW_GAP)) / 2;
        layer.forEach((job, place) => position.set(job.id, {
          x: MARGIN + index * (NODE_WIDTH + COLUMN_GAP),
          y: MARGIN + offset + place * (NODE_HEIGHT + ROW_GAP)
        }));
      }
    });

    const edges = svg('g', { class: 'edges' });
    const edge = (from, to, kind) => {
      const a = position.get(from);
      const b = position.get(to);
      if (!a || !b) return;
      let d;
      if (this.vertical && b.y > a.y) {
        const x1 = a.x + NODE_WIDTH / 2;
        const y1 = a.y + NODE_HEIGHT;
        const x2 = b.x + NODE_WIDTH / 2;
        const y2 = b.y;
        const bend = Math.max(16, (y2 - y1) / 2);
        d = `M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 - bend}, ${x2} ${y2}`;
      } else if (!this.vertical && b.x > a.x) {
        const x1 = a.x + NODE_WIDTH;
        const y1 = a.y + NODE_HEIGHT / 2;
        const x2 = b.x;
        const y2 = b.y + NODE_HEIGHT / 2;
        const bend = Math.max(24, (x2 - x1) / 2);
        d = `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
      } else if (this.vertical) {
        // back to an earlier row (a loop): around the right side
        const x1 = a.x + NODE_WIDTH;
        const y1 = a.y + NODE_HEIGHT / 2;
        const x2 = b.x + NODE_WIDTH;
        const y2 = b.y + NODE_HEIGHT / 2;
        d = `M ${x1} ${y1} C ${x1 + 40} ${y1}, ${x2 + 40} ${y2}, ${x2} ${y2}`;
      } else {
        // back to an earlier column (a loop): under the boxes
        const x1 = a.x + NODE_WIDTH / 2;
        const y1 = a.y + NODE_HEIGHT;
        const x2 = b.x + NODE_WIDTH / 2;
        const y2 = b.y + NODE_HEIGHT;
        d = `M ${x1} ${y1} C ${x1} ${y1 + 40}, ${x2} ${y2 + 40}, ${x2} ${y2}`;
      }
      edges.append(svg('path', { d, class: `edge edge-${kind}`, 'marker-end': 'url(#arrow)' }));
    };
    this.jobs.forEach(job => {
      requirementsOf(job).forEach(from => edge(from, job.id, 'dependency'));
      (job.routes || []).forEach(target => edge(job.id, String(target), 'route'));
    });
    root.append(edges);

    this.jobs.forEach(job => {
      const { x, y } = position.get(job.id);
      const group = svg('g', { class: 'node state-pending', transform: `translate(${x} ${y})`, 'data-job': job.id, 'data-state': 'pending' });
      const title = svg('title');
      group.append(title);
      group.append(svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 10, class: 'node-box' }));
      group.append(svg('rect', { width: 6, height: NODE_HEIGHT, rx: 3, class: 'node-bar' }));
      const name = svg('text', { x: 16, y: 22, class: 'node-name' });
      name.textContent = shorten(job.id, 18);
      const kind = svg('text', { x: NODE_WIDTH - 10, y: 22, class: 'node-type', 'text-anchor': 'end' });
      kind.textContent = job.type && job.type !== 'component' ? shorten(job.type, 10) : '';
      const state = svg('text', { x: 16, y: 44, class: 'node-state' });
      const time = svg('text', { x: NODE_WIDTH - 10, y: 44, class: 'node-time', 'text-anchor': 'end' });
      group.append(name, kind, state, time);
      root.append(group);
      let item = null;
      if (this.listElement) {
        item = document.createElement('li');
        this.listElement.append(item);
      }
      const node = { job, group, title, state, time, item, value: 'pending', elapsed: null, startedAt: null };
      const before = previous.get(job.id);
      if (before) Object.assign(node, { value: before.value, elapsed: before.elapsed, startedAt: before.startedAt });
      this.nodes.set(job.id, node);
      this.paint(node);
    });
    this.container.append(root);
  }

  /** Sets every job back to pending. */
  reset() {
    this.nodes.forEach(node => {
      node.value = 'pending';
      node.elapsed = null;
      node.startedAt = null;
      this.paint(node);
    });
    this.tick();
  }

  /** Applies one `job` event `{job_id, state, elapsed_ms}`; a job not in the graph is added. */
  update(event) {
    const id = String(event.job_id);
    if (!this.nodes.has(id)) {
      this.jobs.push({ id, type: event.job_type || '', depends_on: [], routes: [] });
      this.draw();
    }
    const node = this.nodes.get(id);
    const state = STATES.includes(event.state) ? event.state : 'pending';
    node.value = state;
    node.elapsed = typeof event.elapsed_ms === 'number' ? event.elapsed_ms : node.elapsed;
    node.startedAt = state === 'running' ? performance.now() - (node.elapsed || 0) : null;
    this.paint(node);
    this.tick();
  }

  /** Marks jobs still running as cancelled (after the run was cancelled or failed). */
  settle(state) {
    this.nodes.forEach(node => {
      if (node.value === 'running') {
        node.value = state;
        if (node.startedAt !== null) node.elapsed = performance.now() - node.startedAt;
        node.startedAt = null;
        this.paint(node);
      }
    });
    this.tick();
  }

  paint(node) {
    const running = node.value === 'running' && node.startedAt !== null;
    const elapsed = running ? performance.now() - node.startedAt : node.elapsed;
    const duration = elapsed === null || elapsed === undefined ? '' : formatDuration(elapsed);
    node.group.setAttribute('class', `node state-${node.value}`);
    node.group.setAttribute('data-state', node.value);
    node.state.textContent = node.value;
    node.time.textContent = duration;
    const text = `${node.job.id}${node.job.type ? ` (${node.job.type})` : ''}: ${node.value}${duration ? `, ${duration}` : ''}`;
    node.title.textContent = text;
    if (node.item && !running) node.item.textContent = text;
  }

  tick() {
    const anyRunning = [...this.nodes.values()].some(node => node.value === 'running');
    if (anyRunning && this.timer === null) {
      this.timer = setInterval(() => this.nodes.forEach(node => { if (node.value === 'running') this.paint(node); }), 100);
    } else if (!anyRunning && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  dispose() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.resizes) this.resizes.disconnect();
  }
}

function shorten(text, length) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** 850 ms, 1.2 s, 2 min 5 s. */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60000);
  return `${minutes} min ${Math.round((ms % 60000) / 1000)} s`;
}
