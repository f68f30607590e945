"""The documents the association hands to the authorities and funders, as PDF.

Layering: `ui → reports → core`. A document module reads what it needs from `core` in a
`build_<doc>_data(session, …)` function and draws it with `render_<doc>(data, lang, path)` on
top of `reports.engine`. Nothing outside `reports/` imports fpdf2, and nothing here imports Qt:
every report can be produced headless, from the CLI or a test. Fixed wording comes from the
gettext catalogs through `translate_in(lang, …)`, figures and dates from `i18n.formatting`.
"""
