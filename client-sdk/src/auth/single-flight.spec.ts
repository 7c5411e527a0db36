import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('shares one run among concurrent callers and starts a new one afterwards', async () => {
    let runs = 0;
    let release!: () => void;
    const flight = new SingleFlight(async () => {
      runs++;
      await new Promise<void>((resolve) => (release = resolve));
      return runs;
    });
    const joined = Promise.all([flight.run(), flight.run(), flight.run()]);
    expect(flight.isRunning).toBe(true);
    release();
    expect(await joined).toEqual([1, 1, 1]);
    expect(flight.isRunning).toBe(false);
    const next = flight.run();
    release();
    expect(await next).toBe(2);
  });

  it('lets a failure reach every waiting caller, then allows a retry', async () => {
    let fail = true;
    const flight = new SingleFlight(async () => {
      if (fail) throw new Error('refresh refused');
      return 'ok';
    });
    await expect(Promise.all([flight.run(), flight.run()])).rejects.toThrow('refresh refused');
    fail = false;
    await expect(flight.run()).resolves.toBe('ok');
  });
});
