// The input form, generated from a workflow's input schema: one field per variable, the value read back as the
// run's `input` object (dotted names become nested objects; a variable without a name is the whole input).

const MEDIA_ACCEPT = { image: 'image/*', audio: 'audio/*', video: 'video/*', file: '' };
const JSON_TYPES = new Set(['list', 'object', 'json']);

let fieldCount = 0;

/** Builds the fields into `container`; answers an object whose `read()` gives `{input, errors}`. */
export function buildForm(container, variables) {
  container.replaceChildren();
  const fields = (variables || []).map(variable => createField(variable));
  if (fields.length === 0) {
    const none = document.createElement('p');
    none.className = 'muted';
    none.textContent = 'This workflow takes no input.';
    container.append(none);
  }
  fields.forEach(field => container.append(field.element));
  return {
    async read() {
      const input = {};
      let whole;
      const errors = [];
      for (const field of fields) {
        let value;
        try {
          value = await field.value();
        } catch (error) {
          errors.push({ field, message: error.message });
          field.showError(error.message);
          continue;
        }
        field.showError('');
        if (value === undefined) continue;
        if (!field.name) whole = value;
        else setPath(input, field.name, value);
      }
      return { input: whole !== undefined ? whole : input, errors };
    },
    setDisabled(disabled) {
      fields.forEach(field => field.setDisabled(disabled));
    }
  };
}

function setPath(target, name, value) {
  const parts = name.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

function createField(variable) {
  const id = `field-${++fieldCount}`;
  const name = variable.name || '';
  const type = variable.type || 'string';
  const hasDefault = Object.prototype.hasOwnProperty.call(variable, 'default') && variable.default !== null;
  const required = typeof variable.required === 'boolean' ? variable.required && type !== 'boolean'
    : !hasDefault && type !== 'boolean';

  const element = document.createElement('div');
  element.className = `field field-${type}`;

  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = name || 'input';
  const typeTag = document.createElement('span');
  typeTag.className = 'type';
  typeTag.textContent = describeType(variable);
  if (required) {
    const mark = document.createElement('span');
    mark.className = 'required';
    mark.textContent = ' *';
    mark.title = 'required';
    const spoken = document.createElement('span');
    spoken.className = 'visually-hidden';
    spoken.textContent = ' (required)';
    label.append(mark, spoken);
  }
  label.append(' ', typeTag);

  const help = document.createElement('p');
  help.className = 'help';
  help.id = `${id}-help`;
  help.textContent = variable.description || '';
  help.hidden = !variable.description;

  const error = document.createElement('p');
  error.className = 'field-error';
  error.id = `${id}-error`;
  error.hidden = true;

  const control = createControl(variable, type, id);
  const input = control.input;
  input.id = id;
  input.name = name;
  const describedBy = [variable.description ? help.id : null, error.id].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
  if (required) input.setAttribute('aria-required', 'true');

  if (type === 'boolean') {
    const row = document.createElement('div');
    row.className = 'check-row';
    row.append(input, label);
    element.append(row, help, error);
  } else {
    element.append(label, control.element, help, error);
  }

  const showError = message => {
    error.textContent = message;
    error.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  if (control.validate) {
    input.addEventListener('blur', () => {
      try {
        control.validate();
        showError('');
      } catch (problem) {
        showError(problem.message);
      }
    });
  }
  return {
    name,
    element,
    value: control.value,
    showError,
    setDisabled(disabled) {
      input.disabled = disabled;
    }
  };
}

function describeType(variable) {
  let text = variable.type || 'string';
  if (variable.is_list) text += '[]';
  if (variable.format) text += `;${variable.format}`;
  return text;
}

function createControl(variable, type, id) {
  const fallback = variable.default;
  if (variable.is_list || JSON_TYPES.has(type) || type === 'any') return jsonControl(variable, type);
  if (type === 'boolean') {
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = fallback === true || fallback === 'true';
    return { input, element: input, value: async () => input.checked };
  }
  if (type === 'select') {
    const input = document.createElement('select');
    const options = Array.isArray(variable.options) ? variable.options.map(String)
      : (variable.subtype || '').split(',').map(option => option.trim()).filter(Boolean);
    if (fallback === undefined || fallback === null) {
      const empty = document.createElement('option');
      empty.value = '';
      empty.textContent = 'Choose…';
      input.append(empty);
    }
    options.forEach(option => {
      const element = document.createElement('option');
      element.value = option;
      element.textContent = option;
      input.append(element);
    });
    if (fallback !== undefined && fallback !== null) input.value = String(fallback);
    return { input, element: input, value: async () => (input.value === '' ? undefined : input.value) };
  }
  if (type === 'integer' || type === 'number') {
    const input = document.createElement('input');
    input.type = 'number';
    input.step = type === 'integer' ? '1' : 'any';
    input.inputMode = type === 'integer' ? 'numeric' : 'decimal';
    if (fallback !== undefined && fallback !== null) input.value = String(fallback);
    const validate = () => {
      if (input.value.trim() === '') {
        if (input.validity.badInput) throw new Error('Enter a number.');
        return undefined;
      }
      const number = Number(input.value);
      if (!Number.isFinite(number)) throw new Error('Enter a number.');
      if (type === 'integer' && !Number.isInteger(number)) throw new Error('Enter a whole number.');
      return number;
    };
    return { input, element: input, validate, value: async () => validate() };
  }
  if (MEDIA_ACCEPT[type] !== undefined) return fileControl(type);
  if (type === 'text' || type === 'markdown' || type === 'base64') {
    const input = document.createElement('textarea');
    input.rows = type === 'base64' ? 3 : 6;
    if (fallback !== undefined && fallback !== null) input.value = String(fallback);
    return { input, element: input, value: async () => (input.value === '' ? undefined : input.value) };
  }
  const input = document.createElement('input');
  input.type = variable.format === 'url' ? 'url' : 'text';
  const placeholders = { path: 'a file path', url: 'https://…', 'data-uri': 'data:…;base64,…', base64: 'base64 text' };
  if (placeholders[variable.format]) input.placeholder = placeholders[variable.format];
  if (fallback !== undefined && fallback !== null) input.value = String(fallback);
  return { input, element: input, value: async () => (input.value === '' ? undefined : input.value) };
}

function jsonControl(variable, type) {
  const input = document.createElement('textarea');
  input.rows = 4;
  input.className = 'json';
  input.spellcheck = false;
  const fallback = variable.default;
  if (fallback !== undefined && fallback !== null) {
    const compact = JSON.stringify(fallback);
    input.value = compact.length <= 60 ? compact : JSON.stringify(fallback, null, 2);
  }
  input.placeholder = variable.is_list || type === 'list' ? '["a", "b"]' : type === 'object' ? '{"key": "value"}' : 'JSON';
  const validate = () => {
    const text = input.value.trim();
    if (text === '') return undefined;
    let value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (type === 'any') return input.value; // plain text is a fine value for `any`
      throw new Error(`Not valid JSON: ${error.message}`);
    }
    if ((variable.is_list || type === 'list') && !Array.isArray(value)) throw new Error('Enter a JSON list, like ["a", "b"].');
    if (type === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new Error('Enter a JSON object, like {"key": "value"}.');
    }
    return value;
  };
  return { input, element: input, validate, value: async () => validate() };
}

/** Media and files are sent as data URIs (`data:<type>;base64,...`) inside the JSON input. */
function fileControl(type) {
  const input = document.createElement('input');
  input.type = 'file';
  if (MEDIA_ACCEPT[type]) input.accept = MEDIA_ACCEPT[type];
  const value = () => new Promise((resolve, reject) => {
    const file = input.files && input.files[0];
    if (!file) {
      resolve(undefined);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error(`Could not read ${file.name}.`));
    reader.readAsDataURL(file);
  });
  return { input, element: input, value };
}
