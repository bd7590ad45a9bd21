import { useCallback, useSyncExternalStore } from "react";

// A tiny dictionary i18n: Japanese is the source of keys, English must have every key.
// Only the chosen language is stored in localStorage (never tokens or user data).

export type Lang = "ja" | "en";
export const LANGS: readonly Lang[] = ["ja", "en"];
const STORAGE_KEY = "koma.lang";

const ja = {
  "app.name": "Koma",
  "app.tagline": "自治体の事務作業を、おうちで少しずつ",
  "app.skip": "本文へ移動",
  "lang.toggle": "English",
  "lang.label": "表示言語",

  "common.loading": "読み込み中…",
  "common.retry": "もう一度読み込む",
  "common.back": "戻る",
  "common.cancel": "やめる",
  "common.yen": "{amount}円",
  "common.minutes": "約{minutes}分",
  "common.items": "{count}件",
  "common.required": "必須",
  "common.optional": "任意",
  "common.none": "なし",
  "common.listSep": "、",
  "common.labelValue": "{label}：{value}",

  "nav.work": "今日の作業",
  "nav.review": "検品",
  "nav.municipality": "依頼",
  "nav.logout": "ログアウト",
  "nav.main": "メインメニュー",

  "auth.title": "ログイン",
  "auth.username": "ユーザー名",
  "auth.password": "パスワード",
  "auth.submit": "ログイン",
  "auth.submitting": "確認中…",
  "auth.help": "ユーザー名とパスワードは、登録時にお知らせしたものです。わからない場合はコーディネーターにお問い合わせください。",
  "auth.loggedOut": "ログアウトしました。",
  "auth.sessionExpired": "ログインの有効期限が切れました。もう一度ログインしてください。",
  "auth.noRole": "このアカウントには使える画面がありません。管理者にお問い合わせください。",

  "status.open": "受付中",
  "status.reserved": "作業中",
  "status.submitted": "提出済み",
  "status.in_review": "検品中",
  "status.accepted": "承認済み",

  "jobStatus.draft": "下書き",
  "jobStatus.published": "公開済み",
  "jobStatus.in_progress": "作業中",
  "jobStatus.completed": "完了",
  "jobStatus.delivered": "納品済み",
  "jobStatus.archived": "保管",
  "jobStatus.cancelled": "中止",

  "decision.accept": "承認",
  "decision.rework": "差し戻し",
  "decision.reject": "却下",

  "work.title": "今日の作業",
  "work.available": "受け取れる作業",
  "work.availableCount": "{count}件",
  "work.nextEstimate": "次の作業は約{minutes}分",
  "work.claimNext": "作業を受け取る",
  "work.claiming": "受け取り中…",
  "work.noneAvailable": "いま受け取れる作業はありません。",
  "work.mine": "受け取り中の作業",
  "work.mineEmpty": "受け取り中の作業はありません。「作業を受け取る」を押すと始められます。",
  "work.list": "受け取れる作業の一覧",
  "work.claimThis": "この作業を受け取る",
  "work.open": "作業を開く",
  "work.leaseUntil": "{time}まで",
  "work.leaseLabel": "受け取り期限",
  "work.earning": "報酬",
  "work.deadline": "納期",
  "work.itemCount": "件数",
  "work.estimate": "目安",
  "work.reworkComment": "差し戻し：直してほしいところ",
  "work.rejectComment": "却下のコメント",
  "work.submittedNote": "提出済みです。検品の結果をお待ちください。",
  "work.acceptedNote": "承認されました。おつかれさまでした。",
  "work.submittedFlash": "提出しました。おつかれさまでした。",
  "work.releasedFlash": "作業を返却しました。",
  "work.unitLabel": "{title} #{seq}",

  "unit.itemOf": "{current} / {total} 件目",
  "unit.progress": "入力の進み具合",
  "unit.image": "{ref} の画像",
  "unit.noImage": "画像はありません。事前入力の内容を確認してください。",
  "unit.openImage": "画像を大きく見る",
  "unit.instructions": "作業の説明",
  "unit.prev": "前へ",
  "unit.next": "次へ",
  "unit.toSubmit": "最後の件です。内容を確かめて提出してください。",
  "unit.submit": "提出する",
  "unit.submitting": "提出中…",
  "unit.fixBeforeSubmit": "次の件に直すところがあります。",
  "unit.fixItem": "{seq}件目（{ref}）",
  "unit.goToItem": "{seq}件目を開く",
  "unit.release": "この作業を返却する",
  "unit.releaseConfirm": "返却すると、ほかの人が受け取れるようになります。入力した内容は保存されたままです。返却しますか？",
  "unit.releaseYes": "返却する",
  "unit.readonly": "この作業は「{status}」のため、入力できません。",
  "unit.leaseExpired": "受け取り期限が切れました。「今日の作業」から受け取り直してください。",
  "unit.prefill": "事前入力：{value}",
  "unit.ref": "番号 {ref}",

  "save.saved": "保存済み",
  "save.saving": "保存中…",
  "save.dirty": "未保存",
  "save.error": "保存できませんでした",
  "save.idle": "まだ入力していません",
  "save.needsCheck": "保存済み・要確認",

  "hint.date": "R6.4.1 または 2024-04-01",
  "hint.postal": "123-4567",
  "hint.kana": "カタカナ",
  "hint.number": "数字",
  "hint.choose": "選んでください",
  "hint.maxLength": "{max}文字まで",

  "fieldError.required": "必須の項目です。画像を見て入力してください。読めない場合はコメントで知らせてください。",
  "fieldError.too_long": "長すぎます。{max}文字以内で入力してください。",
  "fieldError.too_long_nomax": "長すぎます。決められた文字数以内で入力してください。",
  "fieldError.not_a_number": "数字だけで入力してください（例：1234）。カンマや単位は入れません。",
  "fieldError.not_a_date": "日付は「R6.4.1」（和暦）か「2024-04-01」（西暦）の形で入力してください。",
  "fieldError.not_kana": "カタカナで入力してください（例：ヤマダ タロウ）。",
  "fieldError.invalid_postal_code": "郵便番号は7桁の数字で、「123-4567」の形で入力してください。",
  "fieldError.not_a_choice": "一覧の中から選んでください。",
  "fieldError.above_client_rate": "作業者報酬は委託料（1件あたり）以下にしてください。",
  "fieldError.unknown": "入力内容を確認してください（{code}）。",
  "fieldShort.required": "未入力",
  "fieldShort.too_long": "長すぎます",
  "fieldShort.not_a_number": "数字ではありません",
  "fieldShort.not_a_date": "日付の形ではありません",
  "fieldShort.not_kana": "カタカナではありません",
  "fieldShort.invalid_postal_code": "郵便番号の形ではありません",
  "fieldShort.not_a_choice": "選択肢にありません",

  "error.invalid_credentials": "ユーザー名またはパスワードが違います。大文字・小文字や全角・半角を確かめて、もう一度入力してください。",
  "error.not_authenticated": "ログインが必要です。もう一度ログインしてください。",
  "error.forbidden": "この操作をする権限がありません。必要な場合は管理者にお問い合わせください。",
  "error.network_error": "通信できませんでした。電波の良い場所に移動して、もう一度お試しください。",
  "error.server_error": "サーバーで問題が起きました。少し待ってから、もう一度お試しください。",
  "error.throttled": "操作が続けて行われました。少し待ってから、もう一度お試しください。",
  "error.csrf_failed": "画面の有効期限が切れました。ページを再読み込みしてから、もう一度お試しください。",
  "error.no_unit_available": "いま受け取れる作業はありません。しばらくしてからもう一度お試しください。",
  "error.unit_not_open": "この作業はほかの人が受け取りました。一覧から別の作業を選んでください。",
  "error.unit_not_found": "作業が見つかりません。返却されたか、期限が切れた可能性があります。「今日の作業」に戻ってください。",
  "error.unit_not_reserved_by_you": "この作業の受け取り期限が切れたか、返却されています。「今日の作業」から受け取り直してください。",
  "error.unit_entries_invalid": "直すところがある件があります。下の一覧から開いて直してから、もう一度提出してください。",
  "error.unknown_field": "この作業にない項目が送られました。ページを再読み込みしてください。",
  "error.invalid_value": "入力内容を送れませんでした。ページを再読み込みして、もう一度入力してください。",
  "error.MYNUMBER_DETECTED": "マイナンバー（個人番号）らしき12桁の数字が入っています。マイナンバーは入力しないでください。",
  "error.comment_required": "差し戻し・却下のときはコメントが必要です。直してほしいところを書いてください。",
  "error.unit_not_in_review": "この作業は検品中ではありません。一覧に戻って最新の状態を確認してください。",
  "error.job_not_found": "依頼が見つかりません。一覧に戻ってください。",
  "error.job_not_draft": "この依頼は公開済みのため変更できません。",
  "error.job_has_no_items": "公開する前に、CSVでデータを取り込んでください。",
  "error.job_has_no_accepted_units": "まだ承認された作業がないため、ダウンロードできません。",
  "error.csv_invalid": "CSVに問題があります。下の行を直して、もう一度取り込んでください。",
  "error.file_too_large": "ファイルが大きすぎます。いくつかのファイルに分けて取り込んでください。",
  "error.unsupported_file": "CSVファイル（UTF-8 または Shift_JIS）を選んでください。",
  "error.generic": "うまくいきませんでした。もう一度お試しください。",

  "review.queueTitle": "検品待ちの作業",
  "review.queueEmpty": "検品待ちの作業はありません。",
  "review.job": "依頼",
  "review.unit": "作業",
  "review.holder": "作業した人",
  "review.submittedAt": "提出日時",
  "review.status": "状態",
  "review.open": "検品する",
  "review.title": "検品：{title} #{seq}",
  "review.item": "{seq}件目（{ref}）",
  "review.field": "項目",
  "review.value": "入力",
  "review.prefill": "事前入力",
  "review.noEntry": "未入力",
  "review.comment": "コメント（差し戻し・却下のときは必須）",
  "review.commentPlaceholder": "例：3件目の郵便番号を画像どおりに直してください。",
  "review.accept": "承認する",
  "review.rework": "差し戻す",
  "review.reject": "却下する",
  "review.commentNeeded": "差し戻し・却下のときは、直してほしいところをコメントに書いてください。",
  "review.done": "検品結果を送りました。",
  "review.decisionTitle": "検品結果",
  "review.startFailed": "検品を始められませんでした。",

  "jobs.title": "依頼の一覧",
  "jobs.empty": "まだ依頼はありません。",
  "jobs.new": "新しい依頼を作る",
  "jobs.status": "状態",
  "jobs.deadline": "納期",
  "jobs.items": "データ件数",
  "jobs.units": "作業数",
  "jobs.progress": "進み具合",
  "jobs.acceptedOf": "承認 {accepted} / {total} 件",
  "jobs.open": "開く",
  "jobs.createTitle": "新しい依頼",
  "jobs.fieldTitle": "依頼の名前",
  "jobs.fieldDeadline": "納期",
  "jobs.fieldClientRate": "1件あたりの委託料（円）",
  "jobs.fieldWorkerRate": "1件あたりの作業者報酬（円）",
  "jobs.fieldInstructions": "作業の説明（作業者に表示されます）",
  "jobs.create": "下書きとして保存",
  "jobs.creating": "保存中…",
  "jobs.schema": "入力項目",
  "jobs.schemaHelp": "作業者が入力する項目です。名前は半角英小文字・数字・_ で、CSVの列名と合わせます。",
  "jobs.fieldName": "名前（CSVの列名）",
  "jobs.fieldLabel": "表示名",
  "jobs.fieldKind": "種類",
  "jobs.fieldRequired": "必須",
  "jobs.fieldMaxLength": "最大文字数",
  "jobs.fieldChoices": "選択肢（読点「、」またはカンマ区切り）",
  "jobs.addField": "項目を追加",
  "jobs.removeField": "「{label}」を削除",
  "jobs.fieldNumber": "項目 {n}",
  "jobs.badFieldName": "名前は半角英小文字で始め、英小文字・数字・_ だけにしてください。",
  "jobs.duplicateFieldName": "同じ名前の項目があります。",
  "jobs.needField": "項目を1つ以上作ってください。",
  "jobs.needChoices": "選択肢を1つ以上入れてください。",
  "jobs.fixErrors": "入力内容を確認してください。",
  "kind.text": "文字",
  "kind.kana": "カタカナ",
  "kind.number": "数字",
  "kind.date": "日付",
  "kind.postal": "郵便番号",
  "kind.choice": "選択",

  "job.detailTitle": "依頼：{title}",
  "job.summary": "概要",
  "job.clientRate": "委託料（1件あたり）",
  "job.workerRate": "作業者報酬（1件あたり）",
  "job.importTitle": "データの取り込み（CSV）",
  "job.importHelp": "1行目は見出しにしてください。「ref」列（整理番号）が必要です。入力項目と同じ名前の列は事前入力になります。UTF-8 と Shift_JIS に対応しています。",
  "job.csvFile": "CSVファイル",
  "job.import": "取り込む",
  "job.importing": "取り込み中…",
  "job.imported": "{count}件を取り込みました（文字コード：{encoding}）。",
  "job.lineError": "{line}行目：{message}",
  "job.publishTitle": "公開",
  "job.publishHelp": "公開すると、データが作業に分けられ、作業者が受け取れるようになります。公開後は変更できません。",
  "job.publish": "公開する",
  "job.publishing": "公開中…",
  "job.splitProgress": "作業に分けています：{done} / {total}",
  "job.splitDone": "作業への分割が終わりました。",
  "job.splitFailed": "作業への分割に失敗しました。運営にお問い合わせください。",
  "job.unitsTitle": "作業の状況",
  "job.download": "結果をCSVでダウンロード",
  "job.downloadHelp": "承認された作業の結果だけが入ります（UTF-8・BOM付き）。",
  "job.live": "自動で更新されます",
  "job.schemaTitle": "入力項目",
  "job.needItems": "公開するには、先にCSVを取り込んでください。",

  "csvLine.column_count": "列の数が見出しと合いません。",
  "csvLine.missing_ref": "「ref」が空です。",
  "csvLine.duplicate_ref": "「ref」が重複しています。",

  "notFound.title": "ページが見つかりません",
  "notFound.home": "最初の画面へ",
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  "app.name": "Koma",
  "app.tagline": "Municipal back-office work, a little at a time, from home",
  "app.skip": "Skip to content",
  "lang.toggle": "日本語",
  "lang.label": "Language",

  "common.loading": "Loading…",
  "common.retry": "Reload",
  "common.back": "Back",
  "common.cancel": "Cancel",
  "common.yen": "¥{amount}",
  "common.minutes": "about {minutes} min",
  "common.items": "{count} items",
  "common.required": "Required",
  "common.optional": "Optional",
  "common.none": "None",
  "common.listSep": ", ",
  "common.labelValue": "{label}: {value}",

  "nav.work": "Today's work",
  "nav.review": "Review",
  "nav.municipality": "Jobs",
  "nav.logout": "Log out",
  "nav.main": "Main menu",

  "auth.title": "Log in",
  "auth.username": "Username",
  "auth.password": "Password",
  "auth.submit": "Log in",
  "auth.submitting": "Checking…",
  "auth.help": "Use the username and password you received when you registered. If you don't know them, contact your coordinator.",
  "auth.loggedOut": "You have logged out.",
  "auth.sessionExpired": "Your session has expired. Please log in again.",
  "auth.noRole": "This account has no screens it can use. Please contact an administrator.",

  "status.open": "Open",
  "status.reserved": "In progress",
  "status.submitted": "Submitted",
  "status.in_review": "In review",
  "status.accepted": "Accepted",

  "jobStatus.draft": "Draft",
  "jobStatus.published": "Published",
  "jobStatus.in_progress": "In progress",
  "jobStatus.completed": "Completed",
  "jobStatus.delivered": "Delivered",
  "jobStatus.archived": "Archived",
  "jobStatus.cancelled": "Cancelled",

  "decision.accept": "Accepted",
  "decision.rework": "Rework",
  "decision.reject": "Rejected",

  "work.title": "Today's work",
  "work.available": "Available work",
  "work.availableCount": "{count}",
  "work.nextEstimate": "Next unit: about {minutes} min",
  "work.claimNext": "Get work",
  "work.claiming": "Getting…",
  "work.noneAvailable": "No work is available right now.",
  "work.mine": "My work",
  "work.mineEmpty": "You hold no work. Press “Get work” to start.",
  "work.list": "Available units",
  "work.claimThis": "Take this unit",
  "work.open": "Open",
  "work.leaseUntil": "until {time}",
  "work.leaseLabel": "Held",
  "work.earning": "Pay",
  "work.deadline": "Deadline",
  "work.itemCount": "Items",
  "work.estimate": "Time",
  "work.reworkComment": "Sent back: what to fix",
  "work.rejectComment": "Rejection comment",
  "work.submittedNote": "Submitted. Please wait for the review.",
  "work.acceptedNote": "Accepted. Thank you!",
  "work.submittedFlash": "Submitted. Thank you!",
  "work.releasedFlash": "The unit was released.",
  "work.unitLabel": "{title} #{seq}",

  "unit.itemOf": "Item {current} of {total}",
  "unit.progress": "Progress",
  "unit.image": "Image of {ref}",
  "unit.noImage": "No image. Please check the prefilled values.",
  "unit.openImage": "Open the image full size",
  "unit.instructions": "Instructions",
  "unit.prev": "Previous",
  "unit.next": "Next",
  "unit.toSubmit": "This is the last item. Check your entries and submit.",
  "unit.submit": "Submit",
  "unit.submitting": "Submitting…",
  "unit.fixBeforeSubmit": "These items need fixing:",
  "unit.fixItem": "Item {seq} ({ref})",
  "unit.goToItem": "Open item {seq}",
  "unit.release": "Release this unit",
  "unit.releaseConfirm": "Releasing lets someone else take this unit. What you entered is kept. Release it?",
  "unit.releaseYes": "Release",
  "unit.readonly": "This unit is “{status}” and cannot be edited.",
  "unit.leaseExpired": "Your hold on this unit has expired. Take it again from Today's work.",
  "unit.prefill": "Prefilled: {value}",
  "unit.ref": "Ref {ref}",

  "save.saved": "Saved",
  "save.saving": "Saving…",
  "save.dirty": "Not saved",
  "save.error": "Could not save",
  "save.idle": "Nothing entered yet",
  "save.needsCheck": "Saved · check fields",

  "hint.date": "R6.4.1 or 2024-04-01",
  "hint.postal": "123-4567",
  "hint.kana": "Katakana",
  "hint.number": "Digits",
  "hint.choose": "Choose",
  "hint.maxLength": "up to {max} characters",

  "fieldError.required": "Required. Enter what the image shows; if it is unreadable, say so in a comment.",
  "fieldError.too_long": "Too long. Use at most {max} characters.",
  "fieldError.too_long_nomax": "Too long. Please shorten it.",
  "fieldError.not_a_number": "Digits only (e.g. 1234), no commas or units.",
  "fieldError.not_a_date": "Enter the date as “R6.4.1” (Japanese era) or “2024-04-01”.",
  "fieldError.not_kana": "Use katakana (e.g. ヤマダ タロウ).",
  "fieldError.invalid_postal_code": "Postal codes have 7 digits: “123-4567”.",
  "fieldError.not_a_choice": "Choose one of the options.",
  "fieldError.above_client_rate": "Worker pay must not exceed the client rate per item.",
  "fieldError.unknown": "Please check this value ({code}).",
  "fieldShort.required": "missing",
  "fieldShort.too_long": "too long",
  "fieldShort.not_a_number": "not a number",
  "fieldShort.not_a_date": "not a date",
  "fieldShort.not_kana": "not katakana",
  "fieldShort.invalid_postal_code": "not a postal code",
  "fieldShort.not_a_choice": "not one of the choices",

  "error.invalid_credentials": "Wrong username or password. Check upper/lower case and full-/half-width characters, then try again.",
  "error.not_authenticated": "Please log in again.",
  "error.forbidden": "You are not allowed to do this. Contact an administrator if you need to.",
  "error.network_error": "Could not connect. Move somewhere with better signal and try again.",
  "error.server_error": "The server had a problem. Please try again in a moment.",
  "error.throttled": "Too many requests. Please wait a moment and try again.",
  "error.csrf_failed": "This page has expired. Reload it and try again.",
  "error.no_unit_available": "No work is available right now. Please try again later.",
  "error.unit_not_open": "Someone else took this unit. Please choose another.",
  "error.unit_not_found": "Unit not found. It may have been released or expired. Go back to Today's work.",
  "error.unit_not_reserved_by_you": "Your hold on this unit expired or it was released. Take it again from Today's work.",
  "error.unit_entries_invalid": "Some items need fixing. Open them from the list below, fix them, and submit again.",
  "error.unknown_field": "A field that this unit does not have was sent. Please reload the page.",
  "error.invalid_value": "The entry could not be sent. Reload the page and enter it again.",
  "error.MYNUMBER_DETECTED": "This looks like a 12-digit My Number (individual number). Do not enter My Numbers.",
  "error.comment_required": "Rework and reject need a comment saying what to fix.",
  "error.unit_not_in_review": "This unit is not in review. Go back to the queue to see its current state.",
  "error.job_not_found": "Job not found. Go back to the list.",
  "error.job_not_draft": "This job is already published and cannot be changed.",
  "error.job_has_no_items": "Import data from a CSV before publishing.",
  "error.job_has_no_accepted_units": "No unit has been accepted yet, so there is nothing to download.",
  "error.csv_invalid": "The CSV has problems. Fix the lines below and import again.",
  "error.file_too_large": "The file is too large. Split it into several files.",
  "error.unsupported_file": "Choose a CSV file (UTF-8 or Shift_JIS).",
  "error.generic": "Something went wrong. Please try again.",

  "review.queueTitle": "Units waiting for review",
  "review.queueEmpty": "Nothing to review.",
  "review.job": "Job",
  "review.unit": "Unit",
  "review.holder": "Worker",
  "review.submittedAt": "Submitted",
  "review.status": "Status",
  "review.open": "Review",
  "review.title": "Review: {title} #{seq}",
  "review.item": "Item {seq} ({ref})",
  "review.field": "Field",
  "review.value": "Entered",
  "review.prefill": "Prefill",
  "review.noEntry": "Not entered",
  "review.comment": "Comment (required for rework and reject)",
  "review.commentPlaceholder": "e.g. Item 3: correct the postal code to match the image.",
  "review.accept": "Accept",
  "review.rework": "Send back",
  "review.reject": "Reject",
  "review.commentNeeded": "For rework or reject, write what needs fixing in the comment.",
  "review.done": "Review sent.",
  "review.decisionTitle": "Decision",
  "review.startFailed": "Could not start the review.",

  "jobs.title": "Jobs",
  "jobs.empty": "No jobs yet.",
  "jobs.new": "New job",
  "jobs.status": "Status",
  "jobs.deadline": "Deadline",
  "jobs.items": "Items",
  "jobs.units": "Units",
  "jobs.progress": "Progress",
  "jobs.acceptedOf": "Accepted {accepted} / {total}",
  "jobs.open": "Open",
  "jobs.createTitle": "New job",
  "jobs.fieldTitle": "Title",
  "jobs.fieldDeadline": "Deadline",
  "jobs.fieldClientRate": "Client rate per item (yen)",
  "jobs.fieldWorkerRate": "Worker pay per item (yen)",
  "jobs.fieldInstructions": "Instructions (shown to workers)",
  "jobs.create": "Save as draft",
  "jobs.creating": "Saving…",
  "jobs.schema": "Fields",
  "jobs.schemaHelp": "What workers enter. Names use a–z, 0–9 and _, and match the CSV column names.",
  "jobs.fieldName": "Name (CSV column)",
  "jobs.fieldLabel": "Label",
  "jobs.fieldKind": "Kind",
  "jobs.fieldRequired": "Required",
  "jobs.fieldMaxLength": "Max length",
  "jobs.fieldChoices": "Choices (comma separated)",
  "jobs.addField": "Add field",
  "jobs.removeField": "Remove “{label}”",
  "jobs.fieldNumber": "Field {n}",
  "jobs.badFieldName": "Start with a lowercase letter; use only a–z, 0–9 and _.",
  "jobs.duplicateFieldName": "Another field has this name.",
  "jobs.needField": "Add at least one field.",
  "jobs.needChoices": "Enter at least one choice.",
  "jobs.fixErrors": "Please check the form.",
  "kind.text": "Text",
  "kind.kana": "Katakana",
  "kind.number": "Number",
  "kind.date": "Date",
  "kind.postal": "Postal code",
  "kind.choice": "Choice",

  "job.detailTitle": "Job: {title}",
  "job.summary": "Summary",
  "job.clientRate": "Client rate per item",
  "job.workerRate": "Worker pay per item",
  "job.importTitle": "Import data (CSV)",
  "job.importHelp": "The first row is the header. A “ref” column is required. Columns named like a field become prefill. UTF-8 and Shift_JIS are accepted.",
  "job.csvFile": "CSV file",
  "job.import": "Import",
  "job.importing": "Importing…",
  "job.imported": "Imported {count} rows (encoding: {encoding}).",
  "job.lineError": "Line {line}: {message}",
  "job.publishTitle": "Publish",
  "job.publishHelp": "Publishing splits the data into units that workers can take. A published job cannot be changed.",
  "job.publish": "Publish",
  "job.publishing": "Publishing…",
  "job.splitProgress": "Splitting into units: {done} / {total}",
  "job.splitDone": "Splitting into units is done.",
  "job.splitFailed": "Splitting into units failed. Please contact the operator.",
  "job.unitsTitle": "Units",
  "job.download": "Download results (CSV)",
  "job.downloadHelp": "Contains accepted units only (UTF-8 with BOM).",
  "job.live": "Updates automatically",
  "job.schemaTitle": "Fields",
  "job.needItems": "Import a CSV before publishing.",

  "csvLine.column_count": "The number of columns does not match the header.",
  "csvLine.missing_ref": "“ref” is empty.",
  "csvLine.duplicate_ref": "“ref” is duplicated.",

  "notFound.title": "Page not found",
  "notFound.home": "Go to the start",
};

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

export type Params = Record<string, string | number>;

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ja, key);
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = dictionaries[lang][key] ?? ja[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export type Translate = (key: MessageKey, params?: Params) => string;

// ---- the current language: a tiny external store ----

function isLang(value: unknown): value is Lang {
  return value === "ja" || value === "en";
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // private mode / blocked storage
  }
}

export function storedLanguage(): Lang | null {
  const value = storage()?.getItem(STORAGE_KEY);
  return isLang(value) ? value : null;
}

let current: Lang = storedLanguage() ?? "ja";
const listeners = new Set<() => void>();

function applyToDocument(lang: Lang) {
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}
applyToDocument(current);

export function getLanguage(): Lang {
  return current;
}

/** Changes the language; `remember: false` applies it without storing (e.g. the account's locale). */
export function setLanguage(lang: Lang, { remember = true } = {}): void {
  if (remember) storage()?.setItem(STORAGE_KEY, lang);
  if (lang === current) return;
  current = lang;
  applyToDocument(lang);
  listeners.forEach((listener) => listener());
}

export function subscribeLanguage(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

export function useI18n(): { lang: Lang; t: Translate; setLanguage: typeof setLanguage } {
  const lang = useSyncExternalStore(subscribeLanguage, getLanguage, getLanguage);
  const bound = useCallback<Translate>((key, params) => translate(lang, key, params), [lang]);
  return { lang, t: bound, setLanguage };
}
