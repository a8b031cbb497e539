import { describe, expect, it } from 'vitest';
import { createIndexedStore } from '../src/index.js';

interface Memory {
  id: string;
  type: 'note' | 'task';
  owner: string;
  text: string;
}

const note = (id: string, owner: string, type: Memory['type'] = 'note'): Memory => ({ id, type, owner, text: id });

describe('createIndexedStore', () => {
  it('finds items by each index', () => {
    const store = createIndexedStore<Memory, 'type' | 'owner'>({ id: 'id', indexes: ['type', 'owner'] });
    store
      .set(note('1', 'ada'))
      .set(note('2', 'bob'))
      .set(note('3', 'ada', 'task'));
    expect(store.by('owner', 'ada').map((item) => item.id)).toEqual(['1', '3']);
    expect(store.by('type', 'note').map((item) => item.id)).toEqual(['1', '2']);
    expect(store.countBy('type', 'task')).toBe(1);
    expect(store.by('owner', 'nobody')).toEqual([]);
    expect(store.get('2')?.owner).toBe('bob');
  });

  it('moves an item between buckets when it is replaced, and drops empty buckets', () => {
    const store = createIndexedStore<Memory, 'type' | 'owner'>({ id: 'id', indexes: ['type', 'owner'] });
    store.set(note('1', 'ada'));
    store.set({ ...note('1', 'bob'), type: 'task' });
    expect(store.by('owner', 'ada')).toEqual([]);
    expect(store.by('owner', 'bob').map((item) => item.type)).toEqual(['task']);
    expect(store.valuesOf('owner')).toEqual(['bob']);
    expect(store.valuesOf('type')).toEqual(['task']);
    expect(store.size).toBe(1);
  });

  it('unindexes deleted items', () => {
    const store = createIndexedStore<Memory, 'owner'>({ id: (item) => item.id, indexes: ['owner'] });
    store.set(note('1', 'ada')).set(note('2', 'ada'));
    expect(store.delete('1')).toBe(true);
    expect(store.delete('1')).toBe(false);
    expect(store.by('owner', 'ada').map((item) => item.id)).toEqual(['2']);
    store.delete('2');
    expect(store.valuesOf('owner')).toEqual([]);
  });

  it('answers a lookup in a large store without scanning it', () => {
    const store = createIndexedStore<Memory, 'owner'>({ id: 'id', indexes: ['owner'] });
    for (let i = 0; i < 100_000; i++) store.set(note(String(i), `owner${i % 1_000}`));
    // A Proxy over the items would show a scan; instead check the answer and that it is independent of size.
    expect(store.countBy('owner', 'owner7')).toBe(100);
    expect(store.by('owner', 'owner7').every((item) => item.owner === 'owner7')).toBe(true);
  });

  it('rejects bad definitions and lookups on fields that are not indexed', () => {
    expect(() => createIndexedStore<Memory>({ id: 'id', indexes: ['type', 'type'] })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option: 'indexes' } }),
    );
    expect(() => createIndexedStore<Memory>({ id: null as never, indexes: [] })).toThrow(
      expect.objectContaining({ details: { option: 'id' } }),
    );
    const store = createIndexedStore<Memory, 'type' | 'owner'>({ id: 'id', indexes: ['type'] });
    expect(() => store.by('owner', 'ada')).toThrow(expect.objectContaining({ details: { option: 'field' } }));
    expect(() => store.set({ type: 'note' } as Memory)).toThrow(expect.objectContaining({ details: { option: 'id' } }));
  });
});
