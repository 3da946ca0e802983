/**
 * A module's state machine: its statuses and the changes allowed between them, declared once in
 * the module's `*.rules.ts` as a transition table typed by the status union. The write path
 * (write-path.ts) refuses every change the table does not allow.
 */
export interface StateMachine<S extends string> {
  /** What the rows are, for messages: `loan application`, `transfer`. */
  readonly name: string;
  /** Allowed next statuses of each status; `[]` marks a final status. */
  readonly transitions: Readonly<Record<S, readonly S[]>>;
}

export function stateMachine<S extends string>(name: string, transitions: Record<S, readonly S[]>): StateMachine<S> {
  const frozen = Object.fromEntries(Object.entries(transitions).map(([from, to]) => [from, Object.freeze([...(to as S[])])]));
  return Object.freeze({ name, transitions: Object.freeze(frozen) as Record<S, readonly S[]> });
}

/** Every status of the machine. */
export function statusesOf<S extends string>(machine: StateMachine<S>): S[] {
  return Object.keys(machine.transitions) as S[];
}

/** Whether `from` may become `to`. False for a status the machine does not know (read back from storage). */
export function canTransition<S extends string>(machine: StateMachine<S>, from: S, to: S): boolean {
  return Object.hasOwn(machine.transitions, from) && machine.transitions[from].includes(to);
}

/** Whether nothing can follow `status`. */
export function isFinal<S extends string>(machine: StateMachine<S>, status: S): boolean {
  return Object.hasOwn(machine.transitions, status) && machine.transitions[status].length === 0;
}
