// Hash routing (#/classify, #/batch, ...): works from any static server and needs no server-side fallback.

import { useEffect, useState } from 'react';

function currentId(): string {
  return window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
}

/** The page id in the URL hash, following changes. */
export function useRoute(): string {
  const [id, setId] = useState(currentId);
  useEffect(() => {
    const onChange = () => setId(currentId());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return id;
}
