// A throw-away stand-in for the backend, for screenshots and clicking around before the real API
// exists. Serves dist/ (SPA fallback) and a small in-memory /api/v1 that follows docs/api.md.
//   npm run build && PORT=4173 MOCK_ROLE=worker node scripts/mock-server.mjs
// Log in as "worker", "staff" or "coord" with any password; MOCK_ROLE skips the login.
// No websockets: the app falls back to polling and reconnects in the background.
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? "127.0.0.1";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };

const users = {
  worker: { id: 1, username: "worker", display_name: "山田 花子", locale: "ja", organization: { id: 1, name: "Koma運営", kind: "operator", lg_code: null }, roles: ["worker"] },
  staff: { id: 2, username: "staff", display_name: "佐藤 市役所", locale: "ja", organization: { id: 2, name: "みどり市", kind: "municipality", lg_code: "131016" }, roles: ["staff"] },
  coord: { id: 3, username: "coord", display_name: "鈴木 コーディネーター", locale: "ja", organization: { id: 1, name: "Koma運営", kind: "operator", lg_code: null }, roles: ["coordinator"] },
};

const schema = [
  { name: "name", label: "氏名", kind: "text", required: true, max_length: 40 },
  { name: "name_kana", label: "フリガナ", kind: "kana", required: true },
  { name: "birth_date", label: "生年月日", kind: "date", required: true },
  { name: "postal_code", label: "郵便番号", kind: "postal", required: true },
  { name: "household_size", label: "世帯人数", kind: "number", required: false },
  { name: "benefit", label: "申請区分", kind: "choice", required: true, choices: ["新規", "継続", "変更"] },
];
const now = () => new Date().toISOString();
const inMinutes = (m) => new Date(Date.now() + m * 60_000).toISOString();

const jobs = [
  { id: 1, title: "児童手当 現況届の入力", task_type: "form_entry", status: "in_progress", field_schema: schema, instructions: "申請書の画像を見て、各項目を入力してください。読めない文字は空欄のまま、コメントで知らせてください。", deadline: "2025-03-31", client_rate_yen: 60, worker_rate_yen: 1500, item_count: 400, unit_count: 20, split: { state: "done", done: 20, total: 20 }, version: 3, created_at: now() },
  { id: 2, title: "住民アンケート集計", task_type: "form_entry", status: "draft", field_schema: schema.slice(0, 3), instructions: "", deadline: "2025-04-30", client_rate_yen: 40, worker_rate_yen: 1200, item_count: 0, unit_count: 0, split: { state: "pending", done: 0, total: 0 }, version: 1, created_at: now() },
];

let nextUnitId = 100;
const units = [];
function makeUnit(job, seq, status = "open") {
  const id = nextUnitId++;
  const items = Array.from({ length: 5 }, (_, i) => ({
    id: id * 100 + i + 1, seq: i + 1, ref: `A-${String(seq).padStart(3, "0")}-${i + 1}`, image_url: null,
    prefill: { name: ["田中 一郎", "高橋 美咲", "伊藤 健", "渡辺 さくら", "中村 大輔"][i] }, entry: null,
  }));
  const unit = { id, job_id: job.id, job_title: job.title, seq, status, item_count: items.length, estimated_minutes: 110, deadline: job.deadline, lease_expires_at: null, worker_rate_yen: job.worker_rate_yen, last_review: null, field_schema: job.field_schema, instructions: job.instructions, items, holder: null, submitted_at: null };
  units.push(unit);
  return unit;
}
for (let s = 1; s <= 8; s++) makeUnit(jobs[0], s);
const held = makeUnit(jobs[0], 9, "reserved");
held.holder = users.worker; held.lease_expires_at = inMinutes(95);
held.last_review = { decision: "rework", comment: "3件目の郵便番号が画像と違います。画像を見て直してください。", created_at: now() };
held.items[0].entry = { values: { name: "田中 一郎", name_kana: "タナカ イチロウ", birth_date: "2015-04-01", postal_code: "123-4567", household_size: "4", benefit: "継続" }, errors: {}, updated_at: now() };
const done = makeUnit(jobs[0], 10, "submitted");
done.holder = users.worker; done.submitted_at = now();

// eslint-disable-next-line no-unused-vars -- the destructured fields are dropped on purpose
const summary = ({ field_schema, instructions, items, holder, submitted_at, ...rest }) => rest;
// eslint-disable-next-line no-unused-vars -- dropped on purpose
const detail = ({ holder, submitted_at, ...rest }) => rest;

function validate(field, raw) {
  let value = (raw ?? "").trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!value) return [value, field.required ? "required" : null];
  if (field.max_length && value.length > field.max_length) return [value, "too_long"];
  switch (field.kind) {
    case "number": return [value, /^\d+$/.test(value) ? null : "not_a_number"];
    case "kana": return [value, /^[ァ-ヶー\s\u3000]+$/.test(value) ? null : "not_kana"];
    case "postal": {
      const digits = value.replace(/[-ー－]/g, "");
      return /^\d{7}$/.test(digits) ? [`${digits.slice(0, 3)}-${digits.slice(3)}`, null] : [value, "invalid_postal_code"];
    }
    case "date": {
      const r = /^R(\d+)\.(\d+)\.(\d+)$/i.exec(value);
      if (r) value = `${2018 + Number(r[1])}-${r[2].padStart(2, "0")}-${r[3].padStart(2, "0")}`;
      return [value, /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : "not_a_date"];
    }
    case "choice": return [value, (field.choices ?? []).includes(value) ? null : "not_a_choice"];
    default: return [value, null];
  }
}

const progress = (job) => {
  const mine = units.filter((u) => u.job_id === job.id);
  const count = (s) => mine.filter((u) => u.status === s).length;
  return { job_id: job.id, status: job.status, units: { open: count("open"), reserved: count("reserved"), submitted: count("submitted"), in_review: count("in_review"), accepted: count("accepted") }, unit_total: mine.length, items_total: job.item_count, items_accepted: count("accepted") * 5, split: job.split };
};

function readBody(req) {
  return new Promise((ok) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks)));
  });
}

async function api(req, res, path) {
  const cookies = Object.fromEntries((req.headers.cookie ?? "").split(";").map((c) => c.trim().split("=")));
  const me = users[process.env.MOCK_ROLE ?? cookies.mock_user];
  const send = (status, body, headers = {}) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  const fail = (status, code, message = code, fields) => send(status, { code, message, ...(fields ? { fields } : {}) });
  const raw = req.method === "GET" ? Buffer.alloc(0) : await readBody(req);
  const body = (req.headers["content-type"] ?? "").includes("json") && raw.length ? JSON.parse(raw.toString()) : {};
  const m = (re) => re.exec(path);
  let g;

  if (path === "/auth/csrf") return send(200, { csrfToken: "mock" }, { "Set-Cookie": "csrftoken=mock; Path=/; SameSite=Lax" });
  if (path === "/auth/login" && req.method === "POST") {
    const user = users[body.username];
    if (!user || !body.password) return fail(400, "invalid_credentials", "ユーザー名またはパスワードが違います。");
    return send(200, user, { "Set-Cookie": `mock_user=${body.username}; Path=/; HttpOnly; SameSite=Lax` });
  }
  if (path === "/auth/logout") return send(204, undefined, { "Set-Cookie": "mock_user=; Path=/; Max-Age=0" });
  if (!me) return fail(401, "not_authenticated", "ログインしてください。");
  if (path === "/me") return send(200, me);

  if (path === "/units/available") {
    const open = units.filter((u) => u.status === "open");
    return send(200, { count: open.length, estimated_minutes_next: open[0]?.estimated_minutes ?? null, results: open.slice(0, 20).map(summary) });
  }
  if (path === "/units/mine") return send(200, units.filter((u) => u.holder?.id === me.id).map(summary));
  const claim = (unit) => {
    unit.status = "reserved"; unit.holder = me; unit.lease_expires_at = inMinutes(120);
    return send(201, detail(unit));
  };
  if (path === "/units/claim" && req.method === "POST") {
    const unit = units.find((u) => u.status === "open");
    return unit ? claim(unit) : fail(409, "no_unit_available");
  }
  if (path === "/reviews/queue") return send(200, units.filter((u) => ["submitted", "in_review"].includes(u.status)).map((u) => ({ ...summary(u), holder: { id: u.holder.id, display_name: u.holder.display_name }, submitted_at: u.submitted_at })));
  if ((g = m(/^\/units\/(\d+)(\/.*)?$/))) {
    const unit = units.find((u) => u.id === Number(g[1]));
    if (!unit) return fail(404, "unit_not_found");
    const rest = g[2] ?? "";
    if (rest === "" && req.method === "GET") return send(200, detail(unit));
    if (rest === "/claim") return unit.status === "open" ? claim(unit) : fail(409, "unit_not_open");
    const mineReserved = unit.status === "reserved" && unit.holder?.id === me.id;
    let e;
    if ((e = /^\/items\/(\d+)\/entry$/.exec(rest)) && req.method === "PUT") {
      if (!mineReserved) return fail(409, "unit_not_reserved_by_you");
      const item = unit.items.find((i) => i.id === Number(e[1]));
      if (Object.values(body.values ?? {}).some((v) => /\b\d{12}\b/.test(v))) return fail(400, "MYNUMBER_DETECTED");
      const values = {}; const errors = {};
      for (const f of unit.field_schema) {
        const [v, err] = validate(f, body.values?.[f.name]);
        values[f.name] = v; if (err) errors[f.name] = err;
      }
      item.entry = { values, errors, updated_at: now() };
      return send(200, item.entry);
    }
    if (rest === "/heartbeat") { if (!mineReserved) return fail(409, "unit_not_reserved_by_you"); unit.lease_expires_at = inMinutes(120); return send(200, summary(unit)); }
    if (rest === "/release") { unit.status = "open"; unit.holder = null; unit.lease_expires_at = null; return send(200, summary(unit)); }
    if (rest === "/submit") {
      if (!mineReserved) return fail(409, "unit_not_reserved_by_you");
      const items = {};
      for (const item of unit.items) {
        const errs = item.entry ? item.entry.errors : Object.fromEntries(unit.field_schema.filter((f) => f.required).map((f) => [f.name, "required"]));
        if (Object.keys(errs).length) items[item.id] = errs;
      }
      if (Object.keys(items).length) return fail(409, "unit_entries_invalid", "入力に誤りがある件があります。", { items });
      unit.status = "submitted"; unit.submitted_at = now(); unit.lease_expires_at = null;
      return send(200, summary(unit));
    }
    if (rest === "/review/start") { if (unit.status === "submitted") unit.status = "in_review"; return send(200, detail(unit)); }
    if (rest === "/review") {
      if (unit.status !== "in_review") return fail(409, "unit_not_in_review");
      if (body.decision !== "accept" && !body.comment) return fail(400, "comment_required");
      unit.last_review = { decision: body.decision, comment: body.comment ?? "", created_at: now() };
      unit.status = body.decision === "accept" ? "accepted" : body.decision === "rework" ? "reserved" : "open";
      if (unit.status === "reserved") unit.lease_expires_at = inMinutes(120);
      return send(200, summary(unit));
    }
  }

  if (path === "/jobs" && req.method === "GET") return send(200, jobs);
  if (path === "/jobs" && req.method === "POST") {
    if (!me.roles.includes("staff")) return fail(403, "forbidden");
    if (!body.title) return fail(400, "invalid", "入力内容を確認してください。", { title: ["この項目は必須です。"] });
    const job = { id: jobs.length + 1, task_type: "form_entry", status: "draft", instructions: "", item_count: 0, unit_count: 0, split: { state: "pending", done: 0, total: 0 }, version: 1, created_at: now(), ...body };
    jobs.push(job);
    return send(201, job);
  }
  if ((g = m(/^\/jobs\/(\d+)(\/.*)?$/))) {
    const job = jobs.find((j) => j.id === Number(g[1]));
    if (!job) return fail(404, "job_not_found");
    const rest = g[2] ?? "";
    if (rest === "") return send(200, job);
    if (rest === "/progress") return send(200, progress(job));
    if (rest === "/items/import") {
      if (job.status !== "draft") return fail(409, "job_not_draft");
      const text = raw.toString("utf8");
      const start = text.indexOf("\r\n\r\n");
      const csv = text.slice(start + 4, text.lastIndexOf("\r\n--")).replace(/^\uFEFF/, "");
      const lines = csv.split(/\r?\n/).filter(Boolean);
      const width = (lines[0] ?? "").split(",").length;
      const bad = lines.map((l, i) => [l, i + 1]).filter(([l]) => l.split(",").length !== width).map(([, line]) => ({ line, code: "column_count", message: "列の数が見出しと合いません。" }));
      if (!lines[0]?.split(",").includes("ref")) bad.unshift({ line: 1, code: "missing_ref_column", message: "「ref」列がありません。" });
      if (bad.length) return fail(400, "csv_invalid", "CSVに誤りがあります。", { lines: bad });
      job.item_count += lines.length - 1;
      return send(201, { imported: lines.length - 1, encoding: "utf-8" });
    }
    if (rest === "/publish") {
      if (job.status !== "draft") return fail(409, "job_not_draft");
      if (!job.item_count) return fail(409, "job_has_no_items");
      const total = Math.ceil(job.item_count / 5);
      Object.assign(job, { status: "published", split: { state: "running", done: 0, total } });
      const timer = setInterval(() => {
        job.split.done = Math.min(total, job.split.done + Math.max(1, Math.ceil(total / 10)));
        makeUnit(job, job.split.done);
        if (job.split.done >= total) { job.split.state = "done"; job.unit_count = total; clearInterval(timer); }
      }, 700);
      return send(202, job);
    }
    if (rest.startsWith("/export")) {
      res.writeHead(200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="job-${job.id}.csv"` });
      return res.end("\uFEFFref," + job.field_schema.map((f) => f.name).join(",") + "\r\n");
    }
  }
  return fail(404, "not_found");
}

createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname.startsWith("/api/v1/")) return api(req, res, url.pathname.slice(7).replace(/\/$/, ""));
  if (url.pathname.startsWith("/ws/")) { res.writeHead(404); return res.end(); }
  let file = join(root, url.pathname);
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, "index.html");
  res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
}).listen(port, host, () => console.log(`mock: http://${host}:${port}/ (MOCK_ROLE=${process.env.MOCK_ROLE ?? "-"})`));
