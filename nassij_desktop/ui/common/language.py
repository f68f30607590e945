"""Switch the language of the running application: gettext, Qt's own strings, direction.

Installing or removing a QTranslator makes Qt send `QEvent.LanguageChange` to every widget;
pages answer it with `retranslate()`. Arabic turns the whole application right to left.

Qt's own dialogs (file, print, message boxes) speak the language through Qt's catalogs that
PySide6 ships (`qtbase_ar.qm`, `qtbase_fr.qm` in QLibraryInfo's TranslationsPath), installed
and removed here on every switch (none in English).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from nassij_desktop.i18n import is_rtl, set_language

_installed: list[QTranslator] = []
QT_CATALOGS = ("qtbase",)  # Qt's own strings: file, print and message dialogs, standard buttons


class WithoutMnemonic(QTranslator):
    """Qt's own strings that gained a mnemonic ("&Look in:", "Files of &type:" in Qt 6's
    file dialog) while Qt's catalogs still know them without it: their translation without
    the "&" (the label loses its shortcut letter, not its language)."""

    def __init__(self, catalog: QTranslator) -> None:
        super().__init__(catalog.parent())
        self.catalog = catalog

    # "No translation" must reach Qt as a null string (None). An empty string is a translation:
    # Qt stops asking and uses "", and code that tests a translated message for emptiness breaks
    # (the TGA image reader then took every PNG for a TGA, and `loadFromData` refused them).
    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if "&" not in source_text:
            return None
        bare = source_text.replace("&&", "\0").replace("&", "").replace("\0", "&&")
        return self.catalog.translate(context, bare, disambiguation, n) or None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def qt_locale(lang: str) -> QLocale:
    # Latin digits in Arabic as in every Moroccan administration: ar_MA, not ar_EG.
    return (
        QLocale(QLocale.Language.Arabic, QLocale.Country.Morocco) if lang == "ar" else QLocale(lang)
    )


def apply_language(lang: str, app: QApplication | None = None) -> None:
    app = app or QApplication.instance()  # type: ignore[assignment]
    set_language(lang)
    locale = qt_locale(lang)
    QLocale.setDefault(locale)
    if app is None:
        return
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in QT_CATALOGS:
        translator = QTranslator(app)
        if lang != "en" and translator.load(locale, catalog, "_", folder):
            # Asked after the catalog (the last installed is asked first).
            fallback = WithoutMnemonic(translator)
            for installed in (fallback, translator):
                QCoreApplication.installTranslator(installed)
                _installed.append(installed)
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    )
    # Sent even when no Qt catalog changed (e.g. English → French without qtbase_fr).
    QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
    # The application posts the event on to its windows: deliver it now, so that every string
    # has changed when this returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
