/**
 * The sign-in page works as a plain form post; this script only adds the "Show password"
 * toggle, which is hidden in the HTML so that without JavaScript there is no dead button.
 * @module login
 */

const toggle = /** @type {HTMLButtonElement | null} */ (document.getElementById('toggle-password'));
const password = /** @type {HTMLInputElement | null} */ (document.getElementById('password'));
const form = password?.form ?? null;

if (toggle && password) {
  toggle.hidden = false;
  // The label stays "Show password" and aria-pressed carries the state, as WAI-ARIA advises for
  // toggle buttons (a changing label plus a pressed state would contradict each other).
  toggle.addEventListener('click', () => {
    const show = password.type === 'password';
    password.type = show ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(show));
  });
  // Submit as a password field again, so password managers recognise the form.
  form?.addEventListener('submit', () => {
    password.type = 'password';
    toggle.setAttribute('aria-pressed', 'false');
  });
}

// After a failed sign-in the server re-renders with a message; put the cursor where it helps.
const error = document.getElementById('login-error');
const username = /** @type {HTMLInputElement | null} */ (document.getElementById('username'));
if (error && error.textContent && error.textContent.trim() !== '' && password && username) {
  (username.value ? password : username).focus();
}
