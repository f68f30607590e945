"""A free text typed in Arabic and/or French: two editors, one per language, each labelled
with its language and typed in its direction (Arabic right to left, French left to right,
whatever the interface's language: `ui/common/direction.py`); the rows follow the form's
direction, so the layout mirrors in Arabic. The value is a `core.common.bilingual.Bilingual`.
Arabic comes first, unless the form asks for another language first (`first`: the logical
framework puts the interface's language first, the other one below it).

Errors land on the pair: a form wraps it with `FieldErrors.wrap(field, edit, *edit.aliases)`,
so that "at least one language" (on `field`) and "too long" (on `field_ar`, `field_fr`) show
under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from nassij_desktop.core.common.bilingual import LANGUAGES, Bilingual
from nassij_desktop.i18n import N_, _
from nassij_desktop.ui.common.direction import set_field_direction

LANGUAGE_LABELS = {"ar": N_("Arabic"), "fr": N_("French")}


class BilingualEdit(QWidget):
    """Two editors, `ar` and `fr` (one line each, or several with `lines`)."""

    def __init__(
        self,
        field: str,
        parent: QWidget | None = None,
        *,
        lines: int = 0,
        max_length: int | None = None,
        first: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(field)
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.language_labels: dict[str, QLabel] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        order = sorted(LANGUAGES, key=lambda lang: lang != first) if first else LANGUAGES
        for row, lang in enumerate(order):
            editor: QLineEdit | QPlainTextEdit
            if lines:
                editor = QPlainTextEdit(self)
                editor.setTabChangesFocus(True)
                # Lines wrap at the editor's width: no horizontal bar eating a line.
                editor.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines + 12)
                # A text document takes neither its direction nor its alignment from the
                # widget: Arabic starts on the right, French on the left, in any window.
                option = editor.document().defaultTextOption()
                rtl = lang == "ar"
                option.setTextDirection(
                    Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
                )
                option.setAlignment(
                    (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                    | Qt.AlignmentFlag.AlignAbsolute
                )
                editor.document().setDefaultTextOption(option)
            else:
                editor = QLineEdit(self)
                if max_length:
                    editor.setMaxLength(max_length)
            editor.setObjectName(f"{field}_{lang}")
            set_field_direction(editor, f"{field}_{lang}")
            label = QLabel(self)
            label.setBuddy(editor)
            self.editors[lang] = editor
            self.language_labels[lang] = label
            layout.addWidget(label, row, 0)
            layout.addWidget(editor, row, 1)
        layout.setColumnStretch(1, 1)
        self.setFocusProxy(self.editors[order[0]])  # where an error on the pair puts the cursor
        self.retranslate()

    @property
    def ar(self) -> QLineEdit | QPlainTextEdit:
        return self.editors["ar"]

    @property
    def fr(self) -> QLineEdit | QPlainTextEdit:
        return self.editors["fr"]

    @property
    def aliases(self) -> tuple[str, ...]:
        """The fields a service names for one language of this text."""
        return tuple(f"{self.field}_{lang}" for lang in LANGUAGES)

    def retranslate(self) -> None:
        for lang, label in self.language_labels.items():
            label.setText(_(LANGUAGE_LABELS[lang]))

    def set_placeholder(self, text: str) -> None:
        for editor in self.editors.values():
            editor.setPlaceholderText(text)

    def value(self) -> Bilingual:
        texts = {lang: _text(editor).strip() or None for lang, editor in self.editors.items()}
        return Bilingual(**texts)

    def set_value(self, value: Bilingual) -> None:
        for lang, editor in self.editors.items():
            text = value.get(lang) or ""
            if isinstance(editor, QLineEdit):
                editor.setText(text)
            else:
                editor.setPlainText(text)

    def clear(self) -> None:
        for editor in self.editors.values():
            editor.clear()


def _text(editor: QLineEdit | QPlainTextEdit) -> str:
    return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()
