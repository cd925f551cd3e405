// Public door of the image layer: decoding (the only sharp user), preprocessing to model pixels, augmentation.

export { blankImage, type RgbImage } from './rgb-image.js';
export { CLIP_PREPROCESSING, preprocessingFromConfig, toPixelValues, type ImagePreprocessing } from './image-preprocessing.js';
export { decodeImage, encodeJpeg, encodePng, encodeWebp, readImageBytes, setImageDecodeConcurrency, type ImageSource } from './decode-image.js';
export { AUGMENT_DEFAULTS, augmentFingerprint, augmentImage, checkAugmentOptions, mirrorLeftRight, rotate90, type AugmentOptions } from './augment.js';
