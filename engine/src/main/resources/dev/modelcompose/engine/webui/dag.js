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
  }

  draw() {
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
    const columns = [];
    this.jobs.forEach(job => {
      const column = depth.get(job.id) || 0;
      (columns[column] = columns[column] || []).push(job);
    });
    const tallest = Math.max(...columns.map(column => (column ? column.length : 0)));
    const width = MARGIN * 2 + columns.length * NODE_WIDTH + (columns.length - 1) * COLUMN_GAP;
    const height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
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
    columns.forEach((column, index) => {
      if (!column) return;
      const offset = (height - MARGIN * 2 - (column.length * NODE_HEIGHT + (column.length - 1) * ROW_GAP)) / 2;
      column.forEach((job, row) => position.set(job.id, {
        x: MARGIN + index * (NODE_WIDTH + COLUMN_GAP),
        y: MARGIN + offset + row * (NODE_HEIGHT + ROW_GAP)
      }));
    });

    const edges = svg('g', { class: 'edges' });
    const edge = (from, to, kind) => {
      const a = position.get(from);
      const b = position.get(to);
      if (!a || !b) return;
      const forward = b.x > a.x;
      const x1 = forward ? a.x + NODE_WIDTH : a.x + NODE_WIDTH / 2;
      const y1 = forward ? a.y + NODE_HEIGHT / 2 : a.y + NODE_HEIGHT;
      const x2 = forward ? b.x : b.x + NODE_WIDTH / 2;
      const y2 = forward ? b.y + NODE_HEIGHT / 2 : b.y + NODE_HEIGHT;
      const bend = forward ? Math.max(24, (x2 - x1) / 2) : 40;
      const d = forward
        ? `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`
        : `M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 + bend}, ${x2} ${y2}`;
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
      const states = new Map([...this.nodes].map(([key, node]) => [key, node]));
      this.draw();
      states.forEach((old, key) => {
        const node = this.nodes.get(key);
        Object.assign(node, { value: old.value, elapsed: old.elapsed, startedAt: old.startedAt });
        this.paint(node);
      });
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
