"""The governance services in one place: board, assemblies, quorum, declarations.

Each lives in its own module; this facade is what screens and the CLI import.
"""

from __future__ import annotations

from nassij_desktop.core.governance.assemblies import (
    AssemblyData,
    AttendanceLine,
    assembly_quorum,
    attendance_roll,
    cancel_assembly,
    close_assembly,
    convene_assembly,
    get_assembly,
    list_assemblies,
    open_session,
    record_attendance,
    record_attendances,
    record_minutes,
    record_resolution,
    remove_resolution,
    update_assembly,
)
from nassij_desktop.core.governance.board import (
    ElectionResult,
    SeatChoice,
    change_board_seat,
    current_board,
    elect_board,
    list_roles,
    list_terms,
)
from nassij_desktop.core.governance.declarations import (
    declaration_reminders,
    list_declarations,
    record_declaration_due,
    record_declaration_filed,
)

__all__ = [
    "AssemblyData",
    "AttendanceLine",
    "ElectionResult",
    "SeatChoice",
    "assembly_quorum",
    "attendance_roll",
    "cancel_assembly",
    "change_board_seat",
    "close_assembly",
    "convene_assembly",
    "current_board",
    "declaration_reminders",
    "elect_board",
    "get_assembly",
    "list_assemblies",
    "list_declarations",
    "list_roles",
    "list_terms",
    "open_session",
    "record_attendance",
    "record_attendances",
    "record_declaration_due",
    "record_declaration_filed",
    "record_minutes",
    "record_resolution",
    "remove_resolution",
    "update_assembly",
]
