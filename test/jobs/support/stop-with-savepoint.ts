// The driver of the counting jobs that tests stop with a savepoint: after `stopAfter` ms (or never, with "end") it
// stops the job with a savepoint into `savepointDir` and prints "SAVEPOINT <path>", then waits for the job's end.
import type { JobClient } from 'weir';

export async function stopWithSavepointAfter(client: JobClient, stopAfter: string, savepointDir: string) {
  if (stopAfter !== 'end') {
    await new Promise((resolve) => setTimeout(resolve, Number(stopAfter)));
    // Right after submission some subtasks may still be deploying: Flink refuses the savepoint then; try again.
    for (;;) {
      try {
        const path = await client.stopWithSavepoint(false, savepointDir);
        console.log(`SAVEPOINT ${path}`);
        break;
      } catch (error) {
        if (!String(error).includes('Not all required tasks are currently running')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
  await client.getJobExecutionResult();
}
