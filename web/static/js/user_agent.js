/**
 * Short, human names for User-Agent strings ("Chrome 126 on Linux", "Safari 17 on iOS", "curl")
 * for the sessions list. A heuristic, not a parser: the order of the checks matters because
 * most browsers claim to be several others (Edge says Chrome and Safari, Chrome says Safari).
 * @module user_agent
 */

/** Longest raw User-Agent shown when nothing is recognised. */
export const RAW_LIMIT = 60;

/** @type {Array<[RegExp, string]>} Command-line tools and libraries, checked first. */
const TOOLS = [
  [/^curl\/([\d.]+)/i, 'curl'],
  [/^Wget\/([\d.]+)/i, 'Wget'],
  [/^HTTPie\/([\d.]+)/i, 'HTTPie'],
  [/^python-requests\/([\d.]+)/i, 'Python requests'],
  [/^python-httpx\/([\d.]+)/i, 'Python httpx'],
  [/^Python-urllib\/([\d.]+)/i, 'Python urllib'],
  [/^Go-http-client\/([\d.]+)/i, 'Go HTTP client'],
  [/^PostmanRuntime\/([\d.]+)/i, 'Postman'],
  [/^okhttp\/([\d.]+)/i, 'OkHttp'],
  [/^node-fetch/i, 'node-fetch'],
  [/^undici/i, 'Node.js'],
];

/** @type {Array<[RegExp, string]>} Browsers, most specific first. */
const BROWSERS = [
  [/\bEdgA?\/(\d+)/, 'Edge'],
  [/\bEdgiOS\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\bVivaldi\/(\d+)/, 'Vivaldi'],
  [/\bYaBrowser\/(\d+)/, 'Yandex Browser'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bHeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\bChrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[\d.]*.*\bSafari\//, 'Safari'],
];

/** @type {Array<[RegExp, string]>} Platforms; Android before Linux, iOS before macOS. */
const SYSTEMS = [
  [/\bWindows\b/, 'Windows'],
  [/\bAndroid\b/, 'Android'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\b(?:Macintosh|Mac OS X)\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * A short name for a User-Agent header, or the raw value truncated when unknown.
 * @param {string | null | undefined} ua
 * @returns {string}
 */
export function describeUserAgent(ua) {
  const text = (ua ?? '').trim();
  if (text === '') return 'Unknown client';
  for (const [pattern, name] of TOOLS) {
    if (pattern.test(text)) return name;
  }
  let browser = '';
  for (const [pattern, name] of BROWSERS) {
    const m = pattern.exec(text);
    if (m) {
      browser = `${name} ${m[1]}`;
      break;
    }
  }
  let system = '';
  for (const [pattern, name] of SYSTEMS) {
    if (pattern.test(text)) {
      system = name;
      break;
    }
  }
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  return truncate(text, RAW_LIMIT);
}

/**
 * @param {string} text
 * @param {number} limit
 * @returns {string}
 */
function truncate(text, limit) {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}
