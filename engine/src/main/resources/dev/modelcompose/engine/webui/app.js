// The page: lists the public workflows, shows the selected one (#/<workflow id>) with its input form, runs it,
// shows its output (streamed chunks as they come) and its jobs live on the graph.

import { Api, resolveApiBase } from './api.js';
import { buildForm } from './form.js';
import { renderOutput, textBlock } from './render.js';
import { drawGraph } from './dag.js';

const $ = id => document.getElementById(id);

const page = {
  api: null,
  workflows: [],
  current: null, // { id, schema, form, graph }
  run: null, // { taskId, abort: AbortController, finished }
  pendingAfterKey: null
};

async function start() {
  page.api = new Api(await resolveApiBase());
  $('api-key-form').addEventListener('submit', event => {
    event.preventDefault();
    page.api.apiKey = $('api-key-input').value.trim();
    $('api-key-input').value = '';
    $('api-key-panel').hidden = true;
    const retry = page.pendingAfterKey;
    page.pendingAfterKey = null;
    if (retry) retry();
  });
  $('run-form').addEventListener('submit', event => {
    event.preventDefault();
    runWorkflow();
  });
  $('cancel-button').addEventListener('click', cancelRun);
  window.addEventListener('hashchange', showSelected);
  await loadWorkflows();
}

/** Runs `action`; a 401 asks for the API key and runs it again once one is given. */
async function guarded(action) {
  try {
    return await action();
  } catch (error) {
    if (error.status === 401) {
      page.pendingAfterKey = () => guarded(action);
      $('api-key-panel').hidden = false;
      $('api-key-input').focus();
      return undefined;
    }
    throw error;
  }
}

function showMessage(text) {
  const message = $('page-message');
  message.textContent = text || '';
  message.hidden = !text;
}

async function loadWorkflows() {
  try {
    await guarded(async () => {
      page.workflows = await page.api.workflows();
      $('api-state').textContent = `${page.workflows.length} workflow${page.workflows.length === 1 ? '' : 's'}`;
      renderWorkflowList();
      await showSelected();
    });
  } catch (error) {
    showMessage(`Could not list the workflows: ${error.message}`);
  }
}

function selectedId() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  if (hash && page.workflows.some(workflow => workflow.workflow_id === hash)) return hash;
  const fallback = page.workflows.find(workflow => workflow.default) || page.workflows[0];
  return fallback ? fallback.workflow_id : null;
}

function renderWorkflowList() {
  const list = $('workflow-list');
  list.replaceChildren();
  if (page.workflows.length === 0) {
    const none = document.createElement('li');
    none.className = 'muted';
    none.textContent = 'No public workflows.';
    list.append(none);
  }
  page.workflows.forEach(workflow => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#/${encodeURIComponent(workflow.workflow_id)}`;
    link.dataset.workflow = workflow.workflow_id;
    const title = document.createElement('span');
    title.className = 'wf-title';
    title.textContent = workflow.title || workflow.workflow_id;
    link.append(title);
    if (workflow.title) {
      const id = document.createElement('span');
      id.className = 'wf-id';
      id.textContent = workflow.workflow_id;
      link.append(id);
    }
    if (workflow.default) {
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = 'default';
      link.append(tag);
    }
    item.append(link);
    list.append(item);
  });
}

function markSelected(id) {
  document.querySelectorAll('#workflow-list a').forEach(link => {
    if (link.dataset.workflow === id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}

async function showSelected() {
  const id = selectedId();
  if (!id) {
    $('workflow').hidden = true;
    return;
  }
  if (page.current && page.current.id === id) return;
  if (page.run && !page.run.finished) {
    // leaving a workflow stops following its run; the run itself goes on on the server
    page.run.finished = true;
    page.run.abort.abort();
    page.run = null;
  }
  markSelected(id);
  showMessage('');
  try {
    await guarded(async () => {
      const schema = await page.api.schema(id);
      // the DAG comes with the schema (`jobs`), or from GET /workflows/{id}/graph
      const graph = Array.isArray(schema.jobs) ? { jobs: schema.jobs } : await page.api.graph(id);
      if (page.current && page.current.graph) page.current.graph.dispose();
      $('workflow-title').textContent = schema.title || id;
      $('workflow-id').textContent = schema.title ? id : '';
      $('workflow-id').hidden = !schema.title;
      $('workflow-description').textContent = schema.description || '';
      $('workflow-description').hidden = !schema.description;
      const form = buildForm($('fields'), schema.input);
      const jobs = graph && Array.isArray(graph.jobs) ? graph.jobs : [];
      const graphView = drawGraph($('graph'), jobs, $('job-list'));
      page.current = { id, schema, form, graph: graphView };
      resetOutput();
      setRunning(false, '');
      $('workflow').hidden = false;
      document.title = `${schema.title || id} · compose`;
    });
  } catch (error) {
    showMessage(`Could not load workflow ${id}: ${error.message}`);
  }
}

function resetOutput() {
  const output = $('output');
  output.replaceChildren();
  const hint = document.createElement('p');
  hint.className = 'muted';
  hint.textContent = 'Run the workflow to see its output here.';
  output.append(hint);
}

function setRunning(running, status, tone) {
  $('run-button').disabled = running;
  $('cancel-button').disabled = !running;
  if (page.current) page.current.form.setDisabled(running);
  const line = $('run-status');
  line.textContent = status;
  line.dataset.tone = tone || (running ? 'running' : '');
  $('output').setAttribute('aria-busy', String(running));
}

async function runWorkflow() {
  const current = page.current;
  if (!current || (page.run && !page.run.finished)) return;
  const { input, errors } = await current.form.read();
  if (errors.length > 0) {
    setRunning(false, `Fix ${errors.length} field${errors.length === 1 ? '' : 's'} first.`, 'failed');
    const first = errors[0].field.element.querySelector('input, textarea, select');
    if (first) first.focus();
    return;
  }
  const run = { taskId: null, abort: new AbortController(), finished: false, chunks: null, started: performance.now() };
  page.run = run;
  current.graph.reset();
  resetOutput();
  setRunning(true, 'Starting…');
  try {
    await runTask(current, run, input);
    if (!run.finished) finish(run, 'cancelled');
  } catch (error) {
    if (run.finished) return;
    if (error.name === 'AbortError') {
      finish(run, 'cancelled');
    } else if (error.status === 401) {
      $('api-key-panel').hidden = false;
      $('api-key-input').focus();
      finish(run, 'failed', 'The server asks for an API key: enter it above, then run again.');
    } else {
      finish(run, 'failed', error.message);
    }
  }
}

/**
 * `wait_for_completion: false`, then the task's events: job states, each chunk of a streamed output, and the final
 * task (whose output is the whole stream joined, so a chunk sent before the page listened is not lost).
 */
async function runTask(current, run, input) {
  const started = await page.api.startRun(current.id, input);
  run.taskId = started.task_id;
  setRunning(true, 'Running…');
  await followEvents(current, run);
}

/** Follows `GET /tasks/{id}/events` until the final `task` event (or polls the task when there are no events). */
async function followEvents(current, run) {
  try {
    await page.api.taskEvents(run.taskId, (name, data) => {
      if (run.finished && name !== 'job') return;
      let event;
      try {
        event = JSON.parse(data);
      } catch (ignored) {
        event = data;
      }
      if (name === 'job' && event && typeof event === 'object') current.graph.update(event);
      else if (name === 'chunk') appendChunk(run, typeof event === 'object' && event !== null && 'data' in event ? event.data : data);
      else if (name === 'task' && event && typeof event === 'object') settleTask(run, event);
    }, run.abort.signal);
  } catch (error) {
    if (run.finished || error.name === 'AbortError') return;
    if (error.status !== 404 && error.status !== 405) throw error;
  }
  if (!run.finished) await pollTask(run);
}

async function pollTask(run) {
  while (!run.finished) {
    const state = await page.api.task(run.taskId);
    if (['completed', 'failed', 'cancelled'].includes(state.status)) {
      settleTask(run, state);
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 400));
  }
}

function settleTask(run, event) {
  const status = event.status || 'completed';
  const error = event.error && typeof event.error === 'object' ? event.error.message : event.error;
  finish(run, status, error, event.output, Object.prototype.hasOwnProperty.call(event, 'output'));
}

function appendChunk(run, text) {
  if (run.finished) return;
  if (!run.chunks) {
    const output = $('output');
    output.replaceChildren();
    run.chunks = textBlock('');
    run.chunks.classList.add('streaming');
    output.append(run.chunks);
  }
  const piece = typeof text === 'string' ? text : `${JSON.stringify(text)}\n`;
  run.chunks.append(document.createTextNode(piece));
  run.chunks.scrollTop = run.chunks.scrollHeight;
}

function finish(run, status, error, output, hasOutput = output !== undefined) {
  if (run.finished) return;
  run.finished = true;
  const seconds = ((performance.now() - run.started) / 1000).toFixed(2);
  const current = page.current;
  if (status === 'completed') {
    if (run.chunks && typeof output === 'string') {
      run.chunks.textContent = output; // the whole text, also what came before the page was listening
      run.chunks.classList.remove('streaming');
    } else if (hasOutput) {
      renderOutput($('output'), output, current.schema.output);
    } else if (run.chunks) {
      run.chunks.classList.remove('streaming');
    }
    setRunning(false, `Completed in ${seconds} s`, 'done');
  } else {
    current.graph.settle(status === 'cancelled' ? 'cancelled' : 'failed');
    if (run.chunks) run.chunks.classList.remove('streaming');
    if (status === 'failed') {
      const problem = document.createElement('p');
      problem.className = 'error';
      problem.textContent = error || 'The run failed.';
      if (!run.chunks) $('output').replaceChildren();
      $('output').append(problem);
    }
    setRunning(false, status === 'cancelled' ? `Cancelled after ${seconds} s` : `Failed after ${seconds} s`, status === 'cancelled' ? 'cancelled' : 'failed');
  }
  run.abort.abort();
}

async function cancelRun() {
  const run = page.run;
  if (!run || run.finished) return;
  $('cancel-button').disabled = true;
  $('run-status').textContent = 'Cancelling…';
  if (run.taskId) {
    try {
      await page.api.cancel(run.taskId);
    } catch (error) {
      // 409: it finished meanwhile; its task event settles the run
      if (error.status !== 409) showMessage(`Could not cancel: ${error.message}`);
    }
  }
  if (!run.taskId) finish(run, 'cancelled');
  else setTimeout(() => finish(run, 'cancelled'), 3000); // the task event normally comes first
}

start();
