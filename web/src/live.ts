// The live stream (/api/stream, server-sent events): reconnects by itself, says whether it is connected.
import { useEffect, useRef, useState } from 'react';

export function useLive(onEvent: (kind: string, data: unknown) => void): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const es = new EventSource('/api/stream');
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.onmessage = (e) => handler.current('message', safe(e.data));
    const kinds = ['message.new', 'message.acknowledged', 'message.escalated', 'deadline.warning', 'threat-level.changed', 'event.threat-changed', 'screening.hit', 'screening.progress', 'cross-check.match', 'duty.log', 'duty.handover', 'item.corrected', 'item.recalled', 'item.erased'];
    for (const k of kinds) es.addEventListener(k, (e) => handler.current(k, safe((e as MessageEvent).data)));
    return () => es.close();
  }, []);
  return connected;
}

function safe(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** The current time, ticking every second: for countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

export function countdown(ms: number): string {
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h ? `${h}h ` : ''}${String(m).padStart(2, '0')}m ${String(sec).padStart(2, '0')}s`;
}
