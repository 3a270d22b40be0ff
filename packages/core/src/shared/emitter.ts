/**
 * A small typed event emitter. Listeners run synchronously in registration order. A listener
 * list is never changed in place: `on` and `off` replace it, so `emit` can walk the list it
 * started with (listeners added or removed during an emit take effect from the next one)
 * without copying it for every event.
 */
export type EventMap<E> = { [K in keyof E]: (...args: never[]) => void };

/** Where an emitter sends the error of a listener that threw, with the event's name. */
export type ListenerErrorHandler = (error: unknown, name: PropertyKey) => void;

export class Emitter<E extends EventMap<E>> {
  private readonly listeners = new Map<keyof E, E[keyof E][]>();
  /** The listener each `once` wrapper stands for, so `off(name, listener)` finds the wrapper. */
  private readonly onceTargets = new WeakMap<object, unknown>();

  /**
   * With `onListenerError`, an error a listener throws goes there (after the other listeners
   * ran) and never out of `emit`: the code that emitted (an engine in the middle of an input
   * call, an adapter's socket callback) carries on. Without it, `emit` rethrows the first error.
   */
  constructor(private readonly onListenerError?: ListenerErrorHandler) {}

  on<K extends keyof E>(name: K, listener: E[K]): this {
    const list = this.listeners.get(name);
    this.listeners.set(name, list ? [...list, listener] : [listener]);
    return this;
  }

  once<K extends keyof E>(name: K, listener: E[K]): this {
    const wrapper = ((...args: Parameters<E[K]>) => {
      this.off(name, wrapper);
      Reflect.apply(listener, undefined, args);
    }) as E[K];
    this.onceTargets.set(wrapper, listener);
    return this.on(name, wrapper);
  }

  off<K extends keyof E>(name: K, listener: E[K]): this {
    const list = this.listeners.get(name);
    if (!list) return this;
    const i = list.findIndex((l) => l === listener || this.onceTargets.get(l) === listener);
    if (i < 0) return this;
    if (list.length === 1) this.listeners.delete(name);
    else this.listeners.set(name, [...list.slice(0, i), ...list.slice(i + 1)]);
    return this;
  }

  listenerCount(name: keyof E): number {
    return this.listeners.get(name)?.length ?? 0;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  /** Calls every listener of `name`. A throwing listener does not stop the others; see the constructor for where its error goes. */
  emit<K extends keyof E>(name: K, ...args: Parameters<E[K]>): void {
    this.dispatch(name, args);
  }

  /**
   * `emit` for a name chosen at run time (a dialect's signal): the arguments are not checked
   * against the listener type, so the caller answers for them.
   */
  dispatch(name: PropertyKey, args: readonly unknown[]): void {
    const list = this.listeners.get(name as keyof E);
    if (!list) return;
    let failure: { error: unknown } | undefined;
    for (let i = 0; i < list.length; i++) {
      const listener = list[i]!;
      try {
        Reflect.apply(listener, undefined, args);
      } catch (error) {
        if (this.onListenerError) this.onListenerError(error, name);
        else failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** `dispatch` of one argument, with no arguments array: what runs once per packet. */
  dispatchOne(name: PropertyKey, arg: unknown): void {
    const list = this.listeners.get(name as keyof E);
    if (!list) return;
    let failure: { error: unknown } | undefined;
    for (let i = 0; i < list.length; i++) {
      const listener = list[i] as unknown as (arg: unknown) => void;
      try {
        listener(arg);
      } catch (error) {
        if (this.onListenerError) this.onListenerError(error, name);
        else failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
