import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChallengeFolder } from '../../src/data/index.js';
import { X_HEADER, Y_HEADER, caught, expectError, fixtureDir } from './helpers.js';

const X = X_HEADER + '0,Livre poche,,11,21\n' + '5,"Console, 500 Go","<p>a\nb</p>",12,22\n' + '9,Piscine 3m,,13,23\n';
const Y = Y_HEADER + '0,10\n5,60\n9,2583\n';

describe('loadChallengeFolder', () => {
  it('joins labels by index, keeps file order, reads the test file and indexes images', async () => {
    const dir = fixtureDir({
      'X_train_update.csv': X,
      'Y_train_CVw08PX.csv': Y_HEADER + '9,2583\n0,10\n5,60\n',
      'X_test_update.csv': X_HEADER + '20,Drone,,31,41\n',
      'images/image_train/image_21_product_11.jpg': 'jpg',
      'images/image_test/image_41_product_31.jpg': 'jpg',
    });
    const folder = await loadChallengeFolder(dir);
    expect(folder.source).toBe(dir);
    expect(folder.train.products.map((p) => p.index)).toEqual([0, 5, 9]);
    expect([...folder.train.labels]).toEqual([10, 60, 2583]);
    expect(folder.train.products[1].description).toBe('<p>a\nb</p>');
    expect(folder.test?.map((p) => p.designation)).toEqual(['Drone']);
    expect(folder.unlabelled).toEqual([]);
    expect(folder.demo).toBe(false);
    expect(folder.images.pathOf(folder.train.products[0], 'train')).toBe(join(dir, 'images', 'image_train', 'image_21_product_11.jpg'));
    expect(folder.images.pathOf(folder.test![0], 'test')).toBe(join(dir, 'images', 'image_test', 'image_41_product_31.jpg'));
    expect(folder.warnings).toEqual(['2 of 3 training products have no image in images/image_train']);
  });

  it('reads only the first rows with limit, ignoring the other labels', async () => {
    const folder = await loadChallengeFolder(fixtureDir({ 'X_train_update.csv': X, 'Y_train_CVw08PX.csv': Y }), { limit: 2 });
    expect(folder.train.products.map((p) => p.index)).toEqual([0, 5]);
    expect(folder.test).toBeNull();
  });

  it('fails on a product without a label, naming the products file and line', async () => {
    const dir = fixtureDir({ 'X_train_update.csv': X, 'Y_train_CVw08PX.csv': Y_HEADER + '0,10\n9,2583\n' });
    expectError(await caught(() => loadChallengeFolder(dir)), 'DATA_MISSING_LABEL', 'X_train_update.csv', 3);
  });

  it('keeps unlabelled products apart when labels are not required', async () => {
    const dir = fixtureDir({ 'X_train_update.csv': X, 'Y_train_CVw08PX.csv': Y_HEADER + '0,10\n9,2583\n' });
    const folder = await loadChallengeFolder(dir, { requireLabels: false });
    expect(folder.train.products.map((p) => p.index)).toEqual([0, 9]);
    expect(folder.unlabelled.map((p) => p.index)).toEqual([5]);
    expect(folder.warnings).toContain('1 of 3 training products are unlabelled: they have no row in Y_train_CVw08PX.csv');
    const noLabels = await loadChallengeFolder(fixtureDir({ 'X_train_update.csv': X }), { requireLabels: false });
    expect(noLabels.unlabelled).toHaveLength(3);
    expect(noLabels.train.products).toEqual([]);
  });

  it('fails on a label without a product, naming the labels file and line', async () => {
    const dir = fixtureDir({ 'X_train_update.csv': X, 'Y_train_CVw08PX.csv': Y + '12,40\n' });
    const error = await caught(() => loadChallengeFolder(dir));
    expectError(error, 'DATA_MISSING_LABEL', 'Y_train_CVw08PX.csv', 5);
    expect(error.message).toContain('index 12');
  });

  it('fails on a code outside the 27, naming the labels file and line', async () => {
    const dir = fixtureDir({ 'X_train_update.csv': X, 'Y_train_CVw08PX.csv': Y_HEADER + '0,10\n5,61\n9,2583\n' });
    const error = await caught(() => loadChallengeFolder(dir));
    expectError(error, 'DATA_UNKNOWN_CODE', 'Y_train_CVw08PX.csv', 3);
    expect(error.message).toContain('61');
  });

  it('passes parse errors through with their file and line', async () => {
    const dir = fixtureDir({ 'X_train_update.csv': X + '12,"bad,,1,1\n', 'Y_train_CVw08PX.csv': Y });
    expectError(await caught(() => loadChallengeFolder(dir)), 'DATA_BAD_ROW', 'X_train_update.csv', 6);
  });

  it('says what layout it expects when the folder or a file is missing', async () => {
    const gone = join(fixtureDir(), 'missing');
    const error = await caught(() => loadChallengeFolder(gone));
    expectError(error, 'DATA_NOT_FOUND', gone);
    expect(error.message).toContain('X_train_update.csv');
    expect(error.message).toContain('Y_train_CVw08PX.csv');
    expectError(await caught(() => loadChallengeFolder(fixtureDir({ 'Y_train_CVw08PX.csv': Y }))), 'DATA_NOT_FOUND', 'X_train_update.csv');
    expectError(await caught(() => loadChallengeFolder(fixtureDir({ 'X_train_update.csv': X }))), 'DATA_NOT_FOUND', 'Y_train_CVw08PX.csv');
    expect((await caught(() => loadChallengeFolder(fixtureDir({ 'X_train_update.csv': X, 'Y_train_CVw08PX.csv': Y }), { limit: -1 }))).code).toBe('INVALID_PARAM');
  });
});
