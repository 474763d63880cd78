/** The pool app's one way of writing a moment, kept where the screens of users look for it. */
export { formatTime } from '../../intl';
