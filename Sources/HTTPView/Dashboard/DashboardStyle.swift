/// The page's only stylesheet, inline under the CSP nonce. System fonts, light and dark from
/// prefers-color-scheme, and below 760 px the table becomes one card per job.
enum DashboardStyle {
    static let css = #"""

        :root{color-scheme:light dark;--bg:#f4f6f9;--fg:#1b2027;--muted:#596372;--card:#fff;--line:#e0e4ea;--head:#f8f9fb;
        --accent:#1f56cc;--bar:#2f6fe4;--track:#e3e8ef;--shadow:0 1px 2px rgba(16,24,40,.06);
        --pending-bg:#eaedf2;--pending-fg:#39424f;--processing-bg:#dce7ff;--processing-fg:#1a3f9c;--done-bg:#d9f3e1;--done-fg:#135c34;
        --failed-bg:#fde2e2;--failed-fg:#9f1719;--hold-bg:#fcefcc;--hold-fg:#7f4405;--err-bg:#fff3f3;--err-line:#f1b5b5;--err-fg:#9b1c1c;
        --warn-bg:#fff8e6;--warn-line:#ecd08a;--warn-fg:#7a4a06}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e3e8ef;--muted:#9aa5b5;--card:#161b22;--line:#29313c;--head:#1b2129;
        --accent:#7ea8ff;--bar:#5b8ff5;--track:#2a323d;--shadow:none;
        --pending-bg:#262d37;--pending-fg:#c9d2de;--processing-bg:#16294f;--processing-fg:#abc6ff;--done-bg:#10321f;--done-fg:#8fe0ad;
        --failed-bg:#3e1517;--failed-fg:#ffadad;--hold-bg:#392a0b;--hold-fg:#f6ce6c;--err-bg:#261213;--err-line:#6b2629;--err-fg:#ffb3b3;
        --warn-bg:#2a220f;--warn-line:#6b5520;--warn-fg:#f3d38a}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",
        "Noto Sans",Arial,sans-serif}
        .wrap{max-width:1180px;margin:0 auto;padding:18px 20px 48px}
        a{color:var(--accent);text-underline-offset:2px}
        :focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:4px}
        [hidden]{display:none!important}
        .vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .muted{color:var(--muted)}
        .top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:6px 16px;margin-bottom:16px}
        h1{display:flex;align-items:center;gap:10px;margin:0;font-size:1.4rem;letter-spacing:-.01em}
        .logo{width:22px;height:22px;border-radius:6px;background:linear-gradient(135deg,#2f6fe4,#14a36b)}
        .meta{display:flex;align-items:center;gap:12px;margin:0;color:var(--muted);font-size:.85rem}
        .live{display:inline-flex;align-items:center;gap:6px;padding:2px 10px;border-radius:999px;border:1px solid var(--line);
        background:var(--card);color:var(--fg);font-weight:600;font-size:.8rem}
        .live::before{content:"";width:8px;height:8px;border-radius:50%;background:#8b95a3}
        .live[data-state=live]::before{background:#1fa463;box-shadow:0 0 0 3px rgba(31,164,99,.2)}
        .live[data-state=reconnecting]::before{background:#e0a100;animation:blink 1s ease-in-out infinite}
        .live[data-state=offline]::before{background:#d64545}
        @keyframes blink{50%{opacity:.3}}
        .counts ul{list-style:none;margin:0 0 16px;padding:0;display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:10px}
        .count{display:flex;flex-direction:column;gap:2px;padding:10px 14px;border-radius:12px;background:var(--card);
        border:1px solid var(--line);box-shadow:var(--shadow);color:var(--fg);text-decoration:none;position:relative;overflow:hidden}
        .count::before{content:"";position:absolute;left:0;top:0;bottom:0;width:4px;background:var(--c,var(--line))}
        .count:hover{border-color:var(--c,var(--accent))}
        .count[aria-current=page]{outline:2px solid var(--c,var(--accent));outline-offset:-2px}
        .count .label{font-size:.8rem;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
        .count .num{font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums;line-height:1.1}
        .k-all{--c:var(--accent)}.k-pending{--c:#7b8797}.k-processing{--c:#2f6fe4}
        .k-done{--c:#1c9a5a}.k-failed{--c:#d33c3c}.k-hold{--c:#d89400}
        .filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:10px 14px;margin:0 0 16px}
        .filters label{display:flex;flex-direction:column;gap:3px;font-size:.8rem;font-weight:600;color:var(--muted)}
        select,button{font:inherit;font-size:.95rem;color:var(--fg);background:var(--card);border:1px solid var(--line);border-radius:8px;
        padding:7px 10px;min-height:38px}
        select{min-width:11rem;font-weight:400}
        button{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:600;padding:7px 16px;cursor:pointer}
        @media (prefers-color-scheme:dark){button{color:#0d1117}}
        .clear{align-self:center;font-size:.9rem}
        .tablewrap{background:var(--card);border:1px solid var(--line);border-radius:12px;box-shadow:var(--shadow);overflow-x:auto}
        .jobs{width:100%;border-collapse:collapse}
        .jobs th,.jobs td{padding:10px 12px;text-align:left;vertical-align:top}
        .jobs thead th{background:var(--head);color:var(--muted);font-size:.75rem;font-weight:700;text-transform:uppercase;
        letter-spacing:.05em;white-space:nowrap;border-bottom:1px solid var(--line)}
        .jobs tbody+tbody{border-top:1px solid var(--line)}
        .jobs tr.detail td{padding-top:0}
        .c-id{font-weight:600}
        .id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88rem;word-break:break-all}
        .c-kind,.c-user,.c-created,.c-input{white-space:nowrap}
        .c-input{font-variant-numeric:tabular-nums}
        .c-prog{min-width:190px}
        .empty td{padding:28px;text-align:center;color:var(--muted)}
        .c-id .batch{display:block;font-size:.75rem;font-weight:400;color:var(--muted)}
        .batch-filter{align-self:center}
        .badge{display:inline-block;padding:2px 9px;border-radius:999px;font-size:.78rem;font-weight:700;letter-spacing:.02em;
        background:var(--pending-bg);color:var(--pending-fg);white-space:nowrap}
        .badge.s-processing{background:var(--processing-bg);color:var(--processing-fg)}
        .badge.s-done{background:var(--done-bg);color:var(--done-fg)}
        .badge.s-failed{background:var(--failed-bg);color:var(--failed-fg)}
        .badge.s-hold{background:var(--hold-bg);color:var(--hold-fg)}
        progress.bar{-webkit-appearance:none;appearance:none;display:block;width:100%;height:8px;border:0;border-radius:99px;
        background:var(--track);overflow:hidden;margin:6px 0 4px}
        progress.bar::-webkit-progress-bar{background:var(--track);border-radius:99px}
        progress.bar::-webkit-progress-value{background:var(--bar);border-radius:99px;transition:width .4s ease}
        progress.bar::-moz-progress-bar{background:var(--bar);border-radius:99px}
        .pinfo{font-size:.82rem;color:var(--muted)}
        .pinfo>span:empty{display:none}
        .pinfo>span:not(:empty)~span:not(:empty)::before{content:" · "}
        .pinfo .phase{color:var(--fg);font-weight:600}
        .pct{font-variant-numeric:tabular-nums}
        .outputs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:8px 20px}
        .out{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px}
        audio.player{width:300px;max-width:100%;height:36px}
        video.player{width:320px;max-width:100%;border-radius:8px;background:#000}
        .gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:10px;margin-top:10px;max-height:420px;overflow:auto}
        .pic{margin:0}.pic img{display:block;width:100%;height:120px;object-fit:contain;background:#0001;border-radius:6px}
        .pic figcaption{font-size:12px;color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        .pic .size{margin-left:6px}
        .dl{font-weight:600;word-break:break-all}
        .size{color:var(--muted);font-size:.85rem;font-variant-numeric:tabular-nums;white-space:nowrap}
        .err{border:1px solid var(--err-line);background:var(--err-bg);color:var(--err-fg);border-left-width:4px;border-radius:8px;
        padding:8px 12px;margin-bottom:6px}
        .err.warn{border-color:var(--warn-line);background:var(--warn-bg);color:var(--warn-fg)}
        .err p{margin:0}
        .err-head{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:.85rem}
        .err-code{font-weight:700;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        .err-field code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}
        .err-msg{white-space:pre-wrap;word-break:break-word}
        .pager{margin:16px 0 0;text-align:right}
        .pager a{display:inline-block;padding:8px 14px;border:1px solid var(--line);border-radius:8px;background:var(--card);
        text-decoration:none;font-weight:600}
        @media (max-width:900px){.counts ul{grid-template-columns:repeat(3,minmax(0,1fr))}}
        @media (max-width:760px){
        .wrap{padding:12px 12px 40px}
        .counts ul{gap:8px}.count{padding:8px 10px}.count .num{font-size:1.3rem}.count .label{font-size:.7rem;letter-spacing:.02em}
        .filters label{flex:1 1 9rem}select{min-width:0;width:100%}
        .tablewrap{background:none;border:0;box-shadow:none;overflow:visible}
        .jobs,.jobs tbody,.jobs tr,.jobs th,.jobs td{display:block}
        .jobs thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        .jobs tbody{background:var(--card);border:1px solid var(--line);border-radius:12px;margin:0 0 10px;padding:12px 14px;
        box-shadow:var(--shadow)}
        .jobs tbody+tbody{border-top:1px solid var(--line)}
        .jobs tr.main{display:grid;grid-template-columns:minmax(0,1.2fr) minmax(0,1fr);gap:8px 12px}
        .jobs th,.jobs td{padding:0}
        .jobs tr.detail td{padding-top:12px}
        .c-id{grid-column:1;grid-row:1}.c-state{grid-column:2;grid-row:1;justify-self:end}
        .c-prog{grid-column:1/-1;order:1;min-width:0}
        .c-prog:empty{display:none}
        .jobs tr.main{gap:4px 12px}.c-id{margin-bottom:2px}
        .jobs td[data-label]::before{content:attr(data-label);margin-right:6px;font-size:.7rem;font-weight:700;color:var(--muted);
        text-transform:uppercase;letter-spacing:.05em}
        .jobs td.c-prog::before{display:none}
        .c-kind,.c-user,.c-created,.c-input{white-space:normal;overflow-wrap:anywhere;font-size:.9rem}
        .outputs,.out{display:block}.out+.out{margin-top:10px}.size{margin-left:8px}
        audio.player,video.player{display:block;width:100%;margin-bottom:4px}
        .pager{text-align:center}
        }

        """#
}
