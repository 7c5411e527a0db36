/** Stops whatever private test servers global-setup started (nothing when local ones were used). */
export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as { __folioTestServicesStop?: () => Promise<void> })
    .__folioTestServicesStop;
  await stop?.();
}
