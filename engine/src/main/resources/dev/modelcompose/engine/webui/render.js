// Output rendering. Everything is built with DOM nodes and textContent: no HTML from data is ever parsed.

const MEDIA_TYPES = new Set(['image', 'audio', 'video']);
const MIME_PREFIX = { image: 'image/', audio: 'audio/', video: 'video/' };

/** Renders a finished output into `container`, guided by the workflow's output variables. */
export function renderOutput(container, output, variables) {
  container.replaceChildren();
  const named = (variables || []).filter(variable => variable && variable.name && !variable.variables);
  if (named.length > 0 && isPlainObject(output)) {
    for (const variable of named) {
      const value = readPath(output, variable.name);
      const block = document.createElement('section');
      block.className = 'output-field';
      const heading = document.createElement('h4');
      heading.textContent = variable.name;
      block.append(heading, renderValue(value, variable));
      container.append(block);
    }
    const known = new Set(named.map(variable => variable.name.split('.')[0]));
    const rest = Object.keys(output).filter(key => !known.has(key));
    if (rest.length > 0) {
      const extra = {};
      rest.forEach(key => { extra[key] = output[key]; });
      container.append(renderValue(extra, { type: 'json' }));
    }
    return;
  }
  const single = (variables || []).length === 1 && !variables[0].variables ? variables[0] : { type: 'any' };
  container.append(renderValue(output, single));
}

function readPath(value, name) {
  let node = value;
  for (const part of name.split('.')) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value by its declared type: markdown, media, JSON or text. */
export function renderValue(value, variable) {
  const type = (variable && variable.type) || 'any';
  if (value === null || value === undefined) {
    const empty = document.createElement('p');
    empty.className = 'muted';
    empty.textContent = 'null';
    return empty;
  }
  if (type === 'markdown' && typeof value === 'string') return renderMarkdown(value);
  if ((MEDIA_TYPES.has(type) || type === 'file') && typeof value === 'string') {
    const media = renderMedia(value, type, variable);
    if (media) return media;
  }
  if (typeof value === 'string') return textBlock(value);
  const pre = document.createElement('pre');
  pre.className = 'json';
  pre.textContent = JSON.stringify(value, null, 2);
  return pre;
}

/** A block that shows text as it is (line breaks kept); streamed chunks are appended to it. */
export function textBlock(text) {
  const pre = document.createElement('pre');
  pre.className = 'text';
  pre.textContent = text || '';
  return pre;
}

function renderMedia(value, type, variable) {
  const source = mediaSource(value, type, variable);
  if (!source) return null;
  if (type === 'file') {
    const link = document.createElement('a');
    link.href = source;
    link.download = 'output';
    link.textContent = 'Download the file';
    return link;
  }
  const element = document.createElement(type === 'image' ? 'img' : type);
  element.src = source;
  if (type === 'image') element.alt = (variable && variable.name) || 'output image';
  else element.controls = true;
  element.className = 'media';
  return element;
}

/** A safe `src`: a data URI of the right kind, an http(s) URL, or base64 text made into a data URI. */
function mediaSource(value, type, variable) {
  const text = value.trim();
  if (/^data:/i.test(text)) {
    const prefix = MIME_PREFIX[type];
    if (prefix && !text.toLowerCase().startsWith(`data:${prefix}`)) return null;
    if (/^data:[^,]*(svg|html|xml)/i.test(text)) return null;
    return text;
  }
  if (/^https?:\/\//i.test(text)) return text;
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.length > 16) {
    const subtype = variable && variable.subtype && /^[a-z0-9.+-]+$/i.test(variable.subtype) ? variable.subtype : null;
    const mime = type === 'file' ? 'application/octet-stream' : `${MIME_PREFIX[type]}${subtype || defaultSubtype(type)}`;
    if (/svg/i.test(mime)) return null;
    return `data:${mime};base64,${text.replace(/\s+/g, '')}`;
  }
  return null;
}

function defaultSubtype(type) {
  return { image: 'png', audio: 'wav', video: 'mp4' }[type];
}

/**
 * A small Markdown renderer: headings, paragraphs, lists, block quotes, fenced and inline code, bold, italic and
 * links (http, https, mailto and relative targets only). Anything else stays text.
 */
export function renderMarkdown(source) {
  const root = document.createElement('div');
  root.className = 'markdown';
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = line.match(/^\s*(```|~~~)\s*([\w+-]*)\s*$/);
    if (fence) {
      const code = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) code.push(lines[i++]);
      i++;
      const pre = document.createElement('pre');
      const element = document.createElement('code');
      if (fence[2]) element.dataset.language = fence[2];
      element.textContent = code.join('\n');
      pre.append(element);
      root.append(pre);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      const element = document.createElement(`h${Math.min(6, heading[1].length + 2)}`);
      element.className = `md-h${heading[1].length}`;
      appendInline(element, heading[2]);
      root.append(element);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      root.append(document.createElement('hr'));
      i++;
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/;
    const numbered = /^\s*\d+[.)]\s+(.*)$/;
    if (bullet.test(line) || numbered.test(line)) {
      const ordered = !bullet.test(line);
      const pattern = ordered ? numbered : bullet;
      const list = document.createElement(ordered ? 'ol' : 'ul');
      while (i < lines.length && pattern.test(lines[i])) {
        const item = document.createElement('li');
        appendInline(item, lines[i].match(pattern)[1]);
        list.append(item);
        i++;
      }
      root.append(list);
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ''));
      const quote = document.createElement('blockquote');
      quote.append(...renderMarkdown(quoted.join('\n')).childNodes);
      root.append(quote);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i])) paragraph.push(lines[i++]);
    if (paragraph.length === 0) paragraph.push(lines[i++]);
    const element = document.createElement('p');
    appendInline(element, paragraph.join('\n'));
    root.append(element);
  }
  return root;
}

function startsBlock(line) {
  return /^\s*(```|~~~)/.test(line) || /^#{1,6}\s/.test(line) || /^\s*[-*+]\s+/.test(line)
    || /^\s*\d+[.)]\s+/.test(line) || /^\s*>/.test(line);
}

const INLINE = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([\s\S]+?)\*\*|__([\s\S]+?)__|\*([^*\s][^*]*?)\*|_([^_\s][^_]*?)_|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/;

function appendInline(parent, text) {
  let rest = text;
  while (rest.length > 0) {
    const match = rest.match(INLINE);
    if (!match) {
      appendText(parent, rest);
      return;
    }
    if (match.index > 0) appendText(parent, rest.slice(0, match.index));
    if (match[1]) {
      const code = document.createElement('code');
      code.textContent = match[2].trim() === '' ? match[2] : match[2].replace(/^ (.*) $/, '$1');
      parent.append(code);
    } else if (match[3] !== undefined || match[4] !== undefined) {
      const strong = document.createElement('strong');
      appendInline(strong, match[3] !== undefined ? match[3] : match[4]);
      parent.append(strong);
    } else if (match[5] !== undefined || match[6] !== undefined) {
      const em = document.createElement('em');
      appendInline(em, match[5] !== undefined ? match[5] : match[6]);
      parent.append(em);
    } else {
      const href = safeHref(match[8]);
      if (href) {
        const link = document.createElement('a');
        link.href = href;
        link.rel = 'noopener noreferrer nofollow';
        link.target = '_blank';
        appendInline(link, match[7]);
        parent.append(link);
      } else {
        appendText(parent, match[0]);
      }
    }
    rest = rest.slice(match.index + match[0].length);
  }
}

function appendText(parent, text) {
  const parts = text.split('\n');
  parts.forEach((part, index) => {
    if (index > 0) parent.append(document.createElement('br'));
    if (part) parent.append(document.createTextNode(part));
  });
}

/** http, https and mailto links, and relative ones (no scheme); everything else (javascript:, data:) is refused. */
export function safeHref(href) {
  const text = href.trim();
  if (/^(https?:|mailto:)/i.test(text)) return text;
  const scheme = text.match(/^([^/?#]*?):/);
  if (scheme) return null;
  return text;
}
