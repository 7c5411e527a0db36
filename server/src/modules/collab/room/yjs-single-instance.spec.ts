/**
 * No static import of yjs here: the check has to watch the very first load of every module that
 * pulls Yjs in (the room core, y-protocols, the stock y-websocket client).
 */
describe('module format', () => {
  it('R13: the room, y-protocols and y-websocket share one Yjs instance', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      // One after the other: jest's ESM loader races on concurrent imports of shared modules.
      const { Room } = await import('./room.js');
      const { MemoryRoomStorage } = await import('./memory-room-storage.js');
      const { Awareness } = await import('y-protocols/awareness');
      const websocket = await import('y-websocket');
      const Y = await import('yjs');
      expect(typeof websocket.WebsocketProvider).toBe('function');
      const room = new Room({ documentId: 'single', storage: new MemoryRoomStorage() });
      await room.whenLoaded();
      expect(room.doc).toBeInstanceOf(Y.Doc);
      const awareness = new Awareness(room.doc!);
      expect(awareness.doc).toBeInstanceOf(Y.Doc);
      awareness.destroy();
      await room.shutdown();
    } finally {
      console.error = original;
    }
    expect(errors.filter((line) => line.includes('Yjs was already imported'))).toEqual([]);
  });
});
