// Keyboard review lists (Review, Audit): the selected card takes the focus, but only while the user works in the list.

import { useEffect, useRef, type RefObject } from 'react';

/**
 * A ref for a card of a list that moves the focus to the card when it becomes `selected`, as long as the focus is in
 * the list already (or nowhere): a reviewer typing in a field elsewhere on the page keeps it.
 */
export function useFollowFocus<T extends HTMLElement>(selected: boolean): RefObject<T | null> {
  const card = useRef<T>(null);
  useEffect(() => {
    const list = card.current?.parentElement;
    const active = document.activeElement;
    if (selected && list && (active === document.body || list.contains(active))) card.current?.focus();
  }, [selected]);
  return card;
}
