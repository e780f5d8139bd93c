import fs from 'node:fs';
import path from 'node:path';

/**
 * One engine per data folder. The LOCK file names the holder's process; a
 * lock is taken over when that process is gone, or when it is alive (a
 * reused PID, or this very process after a crash of its engine) but has no
 * engine on this folder open, which /proc tells by its open files.
 */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (pid && holdsStore(pid, dir)) {
        throw new Error(
          `The data folder ${dir} is already in use by another rasoat database engine (process ${pid}). ` +
            'Stop that process, or point DATA_DIR to another folder.',
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dir}`);
}

function holdsStore(pid: number, dir: string): boolean {
  if (!isAlive(pid)) return false;
  const fdDir = `/proc/${pid}/fd`;
  let fds: string[];
  try {
    fds = fs.readdirSync(fdDir);
  } catch {
    // No /proc (or not ours to read): a live process is taken to be the holder.
    return true;
  }
  const store = path.join(fs.realpathSync(dir), 'data.mdb');
  return fds.some((fd) => {
    try {
      return fs.readlinkSync(path.join(fdDir, fd)) === store;
    } catch {
      return false;
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
