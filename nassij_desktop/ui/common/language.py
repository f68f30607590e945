"""Switch the language of the running application: gettext, Qt's own strings, direction.

Installing or removing a QTranslator makes Qt send `QEvent.LanguageChange` to every widget;
pages answer it with `retranslate()`. Arabic turns the whole application right to left.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from nassij_desktop.i18n import is_rtl, set_language

_installed: list[QTranslator] = []


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
    for catalog in ("qtbase",):
        translator = QTranslator(app)
        if lang != "en" and translator.load(locale, catalog, "_", folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    )
    # Sent even when no Qt catalog changed (e.g. English → French without qtbase_fr).
    QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
    # The application posts the event on to its windows: deliver it now, so that every string
    # has changed when this returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
