/** Boxes that scroll inside the page: a wide table on a phone, a long answer in its 16-line box. */
const SCROLLERS = '.table, .long-text, .scroll-x';
/** Marks a tab stop this module added, so it is the only kind it takes away again. */
const ADDED = 'data-scroll-focus';

/**
 * Gives each box that scrolls, and holds nothing the keyboard can reach, a tab stop, so it can be
 * scrolled with the arrow keys: on a phone a wide table of plain text scrolled only by touch, and
 * a long answer's box only by mouse (axe's scrollable-region-focusable). The stop goes away when the
 * box stops scrolling (a wider window), so a table that fits is not one more stop on the way.
 * Boxes are looked at again after each change of the page (batched to a frame) and of the window.
 *
 * @example keepScrollersReachable(document.body)
 */
export function keepScrollersReachable(root: HTMLElement): () => void {
  let queued = 0;
  const check = () => {
    queued = 0;
    for (const box of root.querySelectorAll<HTMLElement>(SCROLLERS)) mark(box);
  };
  const later = () => {
    if (queued === 0) queued = requestAnimationFrame(check);
  };
  const changes = new MutationObserver(later);
  changes.observe(root, { childList: true, subtree: true, characterData: true });
  window.addEventListener('resize', later);
  later();
  return () => {
    changes.disconnect();
    window.removeEventListener('resize', later);
    cancelAnimationFrame(queued);
  };
}

function mark(box: HTMLElement): void {
  const style = getComputedStyle(box);
  const scrollsX = box.scrollWidth > box.clientWidth + 1 && /auto|scroll/.test(style.overflowX);
  const scrollsY = box.scrollHeight > box.clientHeight + 1 && /auto|scroll/.test(style.overflowY);
  const reachable = (scrollsX || scrollsY) && box.querySelector('a[href], button, input, select, textarea, [tabindex]') === null;
  if (reachable && !box.hasAttribute('tabindex')) {
    box.tabIndex = 0;
    box.setAttribute(ADDED, '');
  } else if (!reachable && box.hasAttribute(ADDED)) {
    box.removeAttribute('tabindex');
    box.removeAttribute(ADDED);
  }
}
