import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Alert, FraudDetector as FraudDetectorClass, Transaction } from '../../examples/fraud-detection.js';
import { CapturingPipelineExecutor } from '../api/environment/capturing-pipeline-executor.js';
import { setPipelineExecutor } from '../api/execution/pipeline-executor.js';
import { ValueStateDescriptor } from '../api/state/descriptors.js';
import { ProcessFunctionTestHarnesses, testJob } from './index.js';

// The fraud-detection example's logic through both harnesses. The example module runs its job at import, so it is
// imported with a capturing executor in place: its execute() is recorded instead of starting a cluster.

let FraudDetector: typeof FraudDetectorClass;
let transactions: () => Transaction[];
const executor = new CapturingPipelineExecutor();

before(async () => {
  setPipelineExecutor(executor);
  const example = await import('../../examples/fraud-detection.js');
  FraudDetector = example.FraudDetector;
  transactions = example.transactions;
});

after(() => setPipelineExecutor(undefined));

const FLAG = new ValueStateDescriptor<boolean>('flag');

describe('FraudDetector under the keyed process function harness', () => {
  it('flags a small charge and alerts on a large one that follows', async () => {
    const harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
      new FraudDetector(),
      (tx: Transaction) => tx.accountId,
    );
    harness.processElement({ accountId: 1, amount: 0.5 });
    assert.equal(harness.getState(1, FLAG), true);
    assert.deepEqual(
      harness.processingTimeTimers().map((t) => [t.timestamp, t.key]),
      [[60_000, 1]],
    );
    harness.processElement({ accountId: 2, amount: 900 }); // another account: no flag there
    harness.processElement({ accountId: 1, amount: 900 });
    assert.deepEqual(harness.extractOutputValues(), [{ accountId: 1, amount: 900 }]);
    assert.equal(harness.getState(1, FLAG), undefined);
    assert.equal(harness.numProcessingTimeTimers(), 0, 'the alert deleted the timer');
    await harness.close();
  });

  it('forgets the flag after a minute of processing time', () => {
    const harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
      new FraudDetector(),
      (tx: Transaction) => tx.accountId,
    );
    harness.processElement({ accountId: 7, amount: 0.01 });
    harness.setProcessingTime(59_999);
    assert.equal(harness.getState(7, FLAG), true);
    harness.setProcessingTime(60_000);
    assert.equal(harness.getState(7, FLAG), undefined);
    harness.processElement({ accountId: 7, amount: 5_000 });
    assert.deepEqual(harness.extractOutputValues(), []);
  });
});

describe('FraudDetector in a whole job under the JobTestDriver', () => {
  it('finds the three planted frauds of the example data', async () => {
    assert.equal(executor.pipelines.length, 1, 'the example ran its job on the capturing executor');
    const driver = testJob(
      (_env, t) => {
        t.input<Transaction>('transactions')
          .keyBy((tx) => tx.accountId)
          .process(new FraudDetector())
          .name('fraud-detector')
          .sinkTo(t.sink('alerts'));
      },
      { parallelism: 4 },
    );
    driver.input<Transaction>('transactions').pipeInputs(transactions());
    await driver.close();
    const alerts = driver.output<Alert>('alerts');
    assert.deepEqual(alerts.map((a) => `${a.accountId}:${a.amount}`).sort(), ['3:871.15', '5:1200', '8:501']);
  });
});
