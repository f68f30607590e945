"""Automatic lock after inactivity: the window is covered until the password is given again.

`IdleLock` watches every key press, click, wheel turn and mouse move of the application and
restarts its timer on each. When the file's `security.autolock_minutes` pass without input
(0: never), a lock screen covers the window and asks the same user's password; another user
may sign in instead, and the context's actor changes (`actor_changed`). Dialogs open under
the lock keep what was typed in them: the lock only sits on top of them.

A file without user accounts is never locked: it has no password to ask.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.association.settings import autolock_minutes
from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.i18n import _
from nassij_desktop.ui.access.credentials import SignedIn, association_name
from nassij_desktop.ui.access.sign_in import SignInForm
from nassij_desktop.ui.common.base_dialog import Retranslating, add_guide_key
from nassij_desktop.ui.common.context import AppContext, concerns

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class LockScreen(Retranslating, QDialog):
    """Covers the window; closes only when a password is right."""

    GUIDE_CHAPTER = "02-first-run"  # F1 (base_dialog.add_guide_key): signing in

    unlocked = Signal(object)  # SignedIn

    def __init__(self, window: QWidget, context: AppContext) -> None:
        super().__init__(window)
        self.setObjectName("lock_screen")
        add_guide_key(self, self.GUIDE_CHAPTER)
        self.context = context
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setAutoFillBackground(True)

        self.heading = QLabel(association_name(context.database), self)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.form = SignInForm(context.database, self)
        self.form.login_edit.setText(context.actor.login)
        self.form.signed_in.connect(self._signed_in)
        self.buttons = QDialogButtonBox(self)
        self.unlock_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.buttons.accepted.connect(self.form.submit)
        self.form.waiting_changed.connect(lambda waiting: self.unlock_button.setDisabled(waiting))

        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMaximumWidth(460)
        inner = QVBoxLayout(panel)
        inner.setSpacing(12)
        inner.addWidget(self.heading)
        inner.addWidget(self.message)
        inner.addWidget(self.form)
        inner.addWidget(self.buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Locked"))
        self.message.setText(
            _(
                "Nassij Desktop was locked after a time without use. Give your password to "
                "continue where you were, or sign in as another user."
            )
        )
        self.unlock_button.setText(_("Unlock"))

    def cover(self, window: QWidget) -> None:
        self.setGeometry(window.frameGeometry())

    def start(self) -> None:
        self.form.clear()
        self.form.password_edit.setFocus()

    def reject(self) -> None:
        """Escape does not unlock."""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.result() != QDialog.DialogCode.Accepted:
            event.ignore()
            return
        super().closeEvent(event)

    def _signed_in(self, user: SignedIn) -> None:
        self.unlocked.emit(user)
        self.accept()


class IdleLock(QObject):
    """Locks `window` after the file's configured minutes without input; re-asks the password.

    `interval_ms` fixes the delay (tests); otherwise it is read from the file's settings,
    again whenever the settings change (`Change.SETTINGS` announced).
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self, window: QMainWindow, context: AppContext, interval_ms: int | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.lock_screen: LockScreen | None = None
        self._fixed_interval = interval_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        context.signals.data_changed.connect(self._data_changed)
        self.reload()

    @property
    def interval_ms(self) -> int:
        """The delay before locking; 0 when the lock is off."""
        if self._fixed_interval is not None:
            return self._fixed_interval
        with self.context.database.session() as session:
            return autolock_minutes(session) * 60_000

    @interval_ms.setter
    def interval_ms(self, value: int) -> None:
        self._fixed_interval = value
        self.reload()

    @property
    def is_locked(self) -> bool:
        return self.lock_screen is not None

    def reload(self) -> None:
        """Read the delay again and start counting from now."""
        interval = self.interval_ms
        if interval <= 0 or self.context.actor.user_id is None:
            self._timer.stop()
            return
        self._timer.setInterval(interval)
        if not self.is_locked:
            self._timer.start()

    def lock(self) -> None:
        if self.is_locked or self.context.actor.user_id is None:
            return
        self._timer.stop()
        screen = LockScreen(self.window, self.context)
        screen.unlocked.connect(self._unlocked)
        screen.cover(self.window)
        self.lock_screen = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()
        screen.start()
        self.locked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in _INPUT:
            if not self.is_locked and self._timer.interval() > 0 and self._timer.isActive():
                self._timer.start()
        elif (
            watched is self.window
            and kind in (QEvent.Type.Resize, QEvent.Type.Move)
            and self.lock_screen is not None
        ):
            self.lock_screen.cover(self.window)
        return False

    def _unlocked(self, user: SignedIn) -> None:
        screen, self.lock_screen = self.lock_screen, None
        if screen is not None:
            screen.deleteLater()
        if user.actor != self.context.actor:
            self.context.actor = user.actor
            self.context.user_name = user.name
            self.context.signals.actor_changed.emit()
        self.unlocked.emit()
        self.reload()

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, {Change.SETTINGS}):
            self.reload()
