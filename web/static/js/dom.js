/**
 * Tiny DOM helpers. Everything on these pages is built with createElement and textContent so
 * that no token, claim or user-supplied string is ever parsed as HTML.
 * @module dom
 */

/**
 * The element with `id`, or an Error naming the missing id (a template and script disagreeing).
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return /** @type {T} */ (node);
}

/**
 * Creates an element with attributes (`class`, `data-*`, aria-*, ...) and children; strings
 * become text nodes.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attrs]  false/undefined skip the attribute
 * @param {...(Node | string | null | undefined)} kids
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...kids) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const kid of kids) {
    if (kid === null || kid === undefined) continue;
    node.append(typeof kid === 'string' ? document.createTextNode(kid) : kid);
  }
  return node;
}

/**
 * Sets a status element's text and its state class ("ok", "error", or none), for aria-live
 * regions that show results.
 * @param {HTMLElement} node
 * @param {string} text
 * @param {'ok' | 'error' | ''} [state]
 */
export function setStatus(node, text, state = '') {
  node.textContent = text;
  node.classList.toggle('status-ok', state === 'ok');
  node.classList.toggle('status-error', state === 'error');
}
