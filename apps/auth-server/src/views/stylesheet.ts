import { createHash } from 'node:crypto';

/** The one stylesheet of the pages, inlined and allowed by its hash in the CSP. */
export const STYLESHEET = `
:root{color-scheme:light dark;--bg:#f4f5f7;--card:#fff;--text:#1d2330;--muted:#5b6475;--line:#dde1e8;
--accent:#2f5bd3;--accent-text:#fff;--warn-bg:#fff6e0;--warn-line:#e7b84a;--error-bg:#fdecec;--error-line:#d9534f;
--focus:#ffbf47;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#14171d;--card:#1e222b;--text:#e8eaf0;--muted:#a3abbb;
--line:#343a47;--accent:#7c9dff;--accent-text:#0d1220;--warn-bg:#3a2f12;--warn-line:#b58a2a;--error-bg:#3b1b1b;
--error-line:#d9534f}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:var(--bg);color:var(--text);display:flex;flex-direction:column;
align-items:center;padding:3rem 1rem}
main{width:100%;max-width:28rem;background:var(--card);border:1px solid var(--line);border-radius:14px;
padding:2rem;box-shadow:0 6px 24px rgb(0 0 0/.06)}
.brand{font-size:.8rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin:0 0 .75rem}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 1rem}
p{margin:.5rem 0}
.muted{color:var(--muted);font-size:.9rem}
.client{display:flex;gap:.75rem;align-items:center;padding:.75rem;border:1px solid var(--line);border-radius:10px;
margin:0 0 1rem}
.client .badge{flex:none;width:2.5rem;height:2.5rem;border-radius:8px;background:var(--accent);color:var(--accent-text);
display:grid;place-items:center;font-weight:700;font-size:1.1rem}
.client strong{display:block;word-break:break-word}
dl{margin:0 0 1rem;display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;font-size:.9rem}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
ul.scopes{list-style:none;padding:0;margin:.5rem 0 1.25rem;border:1px solid var(--line);border-radius:10px}
ul.scopes li{padding:.6rem .75rem;border-top:1px solid var(--line)}
ul.scopes li:first-child{border-top:0}
ul.scopes code{display:block;color:var(--muted);font-size:.78rem;overflow-wrap:anywhere}
.tag{font-size:.72rem;border:1px solid var(--line);border-radius:999px;padding:0 .45rem;margin-left:.35rem;
color:var(--muted);white-space:nowrap}
.notice{border-left:4px solid var(--warn-line);background:var(--warn-bg);padding:.6rem .8rem;border-radius:6px;
margin:0 0 1rem;font-size:.9rem}
.notice.error{border-color:var(--error-line);background:var(--error-bg)}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=password]{width:100%;font:inherit;padding:.55rem .7rem;border:1px solid var(--line);
border-radius:8px;background:var(--bg);color:var(--text)}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button{flex:1;font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:8px;border:1px solid var(--line);
background:var(--card);color:var(--text);cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-text)}
a.button{flex:1;display:block;text-align:center;text-decoration:none;font-weight:600;padding:.6rem 1rem;
border-radius:8px;border:1px solid var(--line);color:var(--text);overflow-wrap:anywhere}
button:hover,a.button:hover{filter:brightness(.96)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
footer{margin-top:1.25rem;font-size:.8rem;color:var(--muted)}
`.trim();

/** `'sha256-…'` for the CSP `style-src`. */
export const STYLESHEET_HASH = `'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'`;
