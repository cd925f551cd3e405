// Photo input: drag and drop, paste from the clipboard, or choose a file; shows a preview.

import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { useI18n } from '../i18n';

const MAX_BYTES = 10 * 1024 * 1024;

export function ImageDrop({ image, onChange }: { image: File | null; onChange(file: File | null): void }) {
  const { t } = useI18n();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const accept = (file: File | undefined | null) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) return setProblem(t('classify.imageNotImage'));
    if (file.size > MAX_BYTES) return setProblem(t('classify.imageTooBig'));
    setProblem(null);
    onChange(file);
  };

  useEffect(() => {
    if (!image) return setPreview(null);
    const url = URL.createObjectURL(image);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [image]);

  // Pasting an image anywhere on the page attaches it.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) {
        e.preventDefault();
        accept(file);
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    accept(e.dataTransfer.files[0]);
  };

  return (
    <div className="field">
      <label htmlFor={inputId}>{t('classify.image')}</label>
      <div
        className={`drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        {preview ? (
          <figure className="preview">
            <img src={preview} alt={t('classify.imagePreview')} />
            <button type="button" onClick={() => onChange(null)}>
              {t('classify.imageRemove')}
            </button>
          </figure>
        ) : (
          <p>{t('classify.imageHint')}</p>
        )}
        <input
          id={inputId}
          ref={input}
          className="visually-hidden"
          type="file"
          accept="image/*"
          onChange={(e) => {
            accept(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <label htmlFor={inputId} className="button secondary">
          {t('classify.imageChoose')}
        </label>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
