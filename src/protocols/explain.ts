/**
 * Plain-language reasons for trace records, in English and Simplified Chinese. The engine's own
 * records (faults, drops, timers) are explained here; each protocol explains its messages and
 * notes through a ProtocolExplainer registered in EXPLAINERS.
 */
import type { TraceRecord } from '../sim/trace';
import type { Message, NoteData } from '../sim/types';

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];
/** A text in every language of the page. */
export type Text = Record<Lang, string>;

export interface ProtocolExplainer {
  /** A one-line description of a message's content, e.g. "AppendEntries(term 3, 2 entries)". */
  message(msg: Message, lang: Lang): string;
  /** Why a message arrives and what the receiver will do with it. */
  deliver?(msg: Message, lang: Lang): string | null;
  /** A protocol note (role change, vote, commit…), or null to fall back to a generic text. */
  note(node: number, kind: string, data: NoteData, lang: Lang): string | null;
  /** What a named timer firing means. */
  timer(node: number, name: string, lang: Lang): string;
}

const registry = new Map<string, ProtocolExplainer>();

export function registerExplainer(name: string, explainer: ProtocolExplainer): void {
  registry.set(name, explainer);
}

export const S = (n: number | null | undefined): string => (n === null || n === undefined || n === 0 ? '—' : `S${n}`);

/** What a violation says happened, in `lang` (observers say it in English and Chinese). */
export const violationDetail = (v: { detail: string; detailZh?: string }, lang: Lang): string =>
  (lang === 'zh' && v.detailZh ? v.detailZh : v.detail);

/** Pick the text of the current language from a pair. */
export const t = (lang: Lang, en: string, zh: string): string => (lang === 'zh' ? zh : en);

const dropReason = (reason: unknown, lang: Lang): string => {
  switch (reason) {
    case 'down': return t(lang, 'the receiver is down', '接收方已宕机');
    case 'loss': return t(lang, 'the network lost it', '网络丢失了它');
    case 'partition': return t(lang, 'a partition separates the two nodes', '网络分区隔开了这两个节点');
    case 'user': return t(lang, 'you dropped it', '你手动丢弃了它');
    default: return String(reason);
  }
};

export function explainRecord(protocol: string, r: TraceRecord, lang: Lang = 'en'): string {
  const p = registry.get(protocol);
  const d = r.data ?? {};
  switch (r.kind) {
    case 'send': {
      const m = r.msg!;
      const what = p ? p.message(m, lang) : m.type;
      const fate = m.lost ? t(lang, ' (it will be lost)', '（它将会丢失）') : '';
      return t(lang, `${S(m.from)} sends ${what} to ${S(m.to)}${fate}.`, `${S(m.from)} 向 ${S(m.to)} 发送 ${what}${fate}。`);
    }
    case 'deliver': {
      const m = r.msg!;
      const extra = p?.deliver?.(m, lang);
      const base = t(lang, `${S(m.to)} receives ${p ? p.message(m, lang) : m.type} from ${S(m.from)}.`,
        `${S(m.to)} 收到来自 ${S(m.from)} 的 ${p ? p.message(m, lang) : m.type}。`);
      return extra ? `${base} ${extra}` : base;
    }
    case 'drop': {
      const m = r.msg!;
      return t(lang, `${p ? p.message(m, lang) : m.type} from ${S(m.from)} to ${S(m.to)} is dropped: ${dropReason(d.reason, lang)}.`,
        `${S(m.from)} 发往 ${S(m.to)} 的 ${p ? p.message(m, lang) : m.type} 被丢弃：${dropReason(d.reason, lang)}。`);
    }
    case 'timer':
      return p ? p.timer(r.node, r.what, lang) : t(lang, `${S(r.node)}'s ${r.what} timer fires.`, `${S(r.node)} 的 ${r.what} 定时器触发。`);
    case 'request':
      if (d.requestId !== undefined) {
        const op = r.what === 'put' ? `put ${d.key}=${d.value}` : r.what === 'get' ? `get ${d.key}` : serviceOp(r.what, d);
        if (d.serializable) {
          return t(lang, `Client ${d.client} sends a serializable "${op}" (request ${d.requestId}) to ${S(r.node)}: ${S(r.node)} answers it from its own state.`,
            `客户端 ${d.client} 向 ${S(r.node)} 发送可串行化读 "${op}"（请求 ${d.requestId}）：${S(r.node)} 用自己的状态回答。`);
        }
        return t(lang, `Client ${d.client} sends "${op}" (request ${d.requestId}) to ${S(r.node)}.`,
          `客户端 ${d.client} 向 ${S(r.node)} 发送 "${op}"（请求 ${d.requestId}）。`);
      }
      return t(lang, `A client asks ${S(r.node)} to run "${d.command}".`, `客户端请求 ${S(r.node)} 执行 "${d.command}"。`);
    case 'fault':
      return explainFault(r, lang);
    case 'violation':
      return t(lang, `Invariant ${r.what} is violated: ${d.detail}`, `不变式 ${r.what} 被违反：${d.detailZh ?? d.detail}`);
    case 'note':
      if (r.what === 'storage-send' || r.what === 'storage-write') return explainStorage(r.what, d, lang);
      if (HOME_NOTES.has(r.what)) return explainHome(r.node, r.what, d, lang);
      return p?.note(r.node, r.what, d, lang) ?? `${S(r.node)}: ${r.what} ${JSON.stringify(d)}`;
  }
}

function explainFault(r: TraceRecord, lang: Lang): string {
  const d = r.data ?? {};
  if (d.ignored) {
    const why = ((): [string, string] => {
      switch (d.why) {
        case 'no-leader': return ['no node believes it is the leader right now', '此刻没有节点认为自己是领导者'];
        case 'no-message': return ['that message is no longer on the wire', '该消息已不在网络上'];
        case 'no-client': return ['the scenario has no workload clients', '场景中没有工作负载客户端'];
        case 'already-up': return [`${S(r.node)} is already up`, `${S(r.node)} 已在运行`];
        case 'already-down': return [`${S(r.node)} is already down`, `${S(r.node)} 已宕机`];
        default: return [`${S(r.node)} is down`, `${S(r.node)} 已宕机`];
      }
    })();
    return t(lang, `The "${r.what}" does nothing: ${why[0]}.`, `"${r.what}" 没有效果：${why[1]}。`);
  }
  switch (r.what) {
    case 'crash': return t(lang, `${S(r.node)} crashes: it loses everything but its durable state, and messages sent to it are lost.`,
      `${S(r.node)} 崩溃：除持久化状态外全部丢失，发给它的消息也会丢失。`);
    case 'restart': return t(lang, `${S(r.node)} restarts from its durable state.`, `${S(r.node)} 从持久化状态重启。`);
    case 'duplicate': {
      const m = r.msg!;
      return t(lang, `You duplicate message #${m.id} from ${S(m.from)} to ${S(m.to)}: a copy flies beside it and arrives at the same time.`,
        `你复制了 ${S(m.from)} 发往 ${S(m.to)} 的消息 #${m.id}：副本与它并行，同时到达。`);
    }
    case 'timeout': return t(lang, `${S(r.node)}'s timer is forced to fire now.`, `${S(r.node)} 的定时器被强制立即触发。`);
    case 'transfer': return t(lang, `Leader ${S(r.node)} is asked to hand leadership to ${S(d.to as number)}.`, `领导者 ${S(r.node)} 被要求把领导权交给 ${S(d.to as number)}。`);
    case 'partition': {
      const groups = (d.groups as number[][]).map((g) => `{${g.map((n) => S(n)).join(', ')}}`).join(' | ');
      return t(lang, `The network splits into ${groups}: messages between groups are lost.`, `网络被分割为 ${groups}：组与组之间的消息会丢失。`);
    }
    case 'pause': return t(lang, `Client ${d.client} pauses for ${d.for} ms (a garbage collection, a swapped-out machine): no keep-alives, no progress. It will resume believing what it believed.`,
      `客户端 ${d.client} 暂停 ${d.for} 毫秒（垃圾回收、被换出的虚拟机）：不发心跳，也不做任何事。恢复后它仍相信暂停前所相信的一切。`);
    case 'heal': return t(lang, 'The partition heals: every node can reach every other again.', '网络分区恢复：所有节点又能互相通信。');
    case 'link': return t(lang, `The link ${S(d.from as number)}→${S(d.to as number)} changes${d.dropRate !== undefined ? `: loss ${Math.round((d.dropRate as number) * 100)}%` : ''}${d.latency ? `, latency ${(d.latency as number[]).join('–')} ms` : ''}.`,
      `链路 ${S(d.from as number)}→${S(d.to as number)} 改变${d.dropRate !== undefined ? `：丢包率 ${Math.round((d.dropRate as number) * 100)}%` : ''}${d.latency ? `，延迟 ${(d.latency as number[]).join('–')} 毫秒` : ''}。`);
    case 'network': return t(lang, `The whole network changes: latency ${(d.latency as number[]).join('–')} ms, loss ${Math.round((d.dropRate as number) * 100)}%, duplication ${Math.round((d.duplicateRate as number) * 100)}%.`,
      `整个网络改变：延迟 ${(d.latency as number[]).join('–')} 毫秒，丢包率 ${Math.round((d.dropRate as number) * 100)}%，重复率 ${Math.round((d.duplicateRate as number) * 100)}%。`);
    case 'reconfigure': {
      const set = `{${(d.members as number[]).map((n) => S(n)).join(', ')}}`;
      return t(lang, `Leader ${S(r.node)} is asked to change the voting members to ${set}.`, `领导者 ${S(r.node)} 被要求把投票成员改为 ${set}。`);
    }
    default: return r.what;
  }
}

/** A coordination-service request as the event log names it (session ops carry their session). */
function serviceOp(what: string, d: NoteData): string {
  const session = d.session !== undefined ? ` s${d.session}` : '';
  return `${what}${d.key ? ` ${d.key}` : ''}${session}`;
}

function explainStorage(what: string, d: NoteData, lang: Lang): string {
  if (what === 'storage-send') {
    return t(lang, `Client ${d.client} sends a write with fencing token ${d.token} to the storage.`,
      `客户端 ${d.client} 向存储发送一次写入，fencing 令牌为 ${d.token}。`);
  }
  return d.accepted
    ? t(lang, `The storage accepts client ${d.client}'s write with token ${d.token}.`, `存储接受了客户端 ${d.client} 令牌为 ${d.token} 的写入。`)
    : t(lang, `The storage rejects client ${d.client}'s write: token ${d.token} is lower than one it already accepted.`,
      `存储拒绝了客户端 ${d.client} 的写入：令牌 ${d.token} 低于它已接受过的令牌。`);
}

/** Notes of the home nodes' hops (src/sim/home.ts) and of serializable reads, the same for every protocol. */
const HOME_NOTES: ReadonlySet<string> = new Set(['serializable-read', 'forward-request', 'forward-answer', 'forward-lost', 'forwarded']);

function explainHome(node: number, what: string, d: NoteData, lang: Lang): string {
  const c = d.client;
  switch (what) {
    case 'serializable-read': {
      const v = d.output === null ? t(lang, 'nothing (the key is absent)', '空（该键不存在）') : `"${d.output}"`;
      return t(lang, `${S(node)} answers client ${c}'s read of ${d.key} with ${v} from its own state, asking no one: it may be stale.`,
        `${S(node)} 不询问任何节点，直接用自己的状态回答客户端 ${c} 对 ${d.key} 的读取：${v}。这个值可能已经过时。`);
    }
    case 'forward-request':
      return t(lang, `${S(node)}, client ${c}'s home node, forwards its request ${d.requestId} to ${S(d.to as number)}, the leader it knows.`,
        `${S(node)} 是客户端 ${c} 的所属节点，它把请求 ${d.requestId} 转发给它所知道的领导者 ${S(d.to as number)}。`);
    case 'forward-answer':
      return t(lang, `${S(node)} sends the answer to client ${c}'s request ${d.requestId} back through its home node ${S(d.to as number)}.`,
        `${S(node)} 把客户端 ${c} 请求 ${d.requestId} 的回答经由其所属节点 ${S(d.to as number)} 送回。`);
    case 'forwarded':
      return t(lang, `${S(node)} receives client ${c}'s request ${d.requestId}, forwarded by ${S(d.from as number)}.`,
        `${S(node)} 收到由 ${S(d.from as number)} 转发的客户端 ${c} 的请求 ${d.requestId}。`);
    default:
      return d.reason === 'down'
        ? t(lang, `Client ${c}'s forwarded request ${d.requestId} (or its answer) from ${S(d.from as number)} is lost: ${S(node)} is down.`,
          `${S(d.from as number)} 转发的客户端 ${c} 请求 ${d.requestId}（或其回答）丢失了：${S(node)} 已宕机。`)
        : t(lang, `Client ${c}'s forwarded request ${d.requestId} (or its answer) from ${S(d.from as number)} never reaches ${S(node)}: the network lost it or a partition separates them.`,
          `${S(d.from as number)} 转发的客户端 ${c} 请求 ${d.requestId}（或其回答）没能到达 ${S(node)}：网络丢失了它，或分区把两者隔开。`);
  }
}
