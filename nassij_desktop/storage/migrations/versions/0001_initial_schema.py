"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 15:21:51.018327
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=12), nullable=False),
    sa.Column('label_fr', sa.String(length=200), nullable=False),
    sa.Column('label_ar', sa.String(length=200), nullable=False),
    sa.Column('account_class', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('asset', 'liability', 'equity', 'income', 'expense', 'contra', 'off_balance', name='accountkind', native_enum=False, length=24), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('account_class BETWEEN 0 AND 9', name=op.f('ck_account_account_class')),
    sa.ForeignKeyConstraint(['parent_id'], ['account.id'], name=op.f('fk_account_parent_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('number', name=op.f('uq_account_number'))
    )
    op.create_table('analytic_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label_ar', sa.String(length=200), nullable=False),
    sa.Column('label_fr', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('project', 'funding', 'other', name='analytickind', native_enum=False, length=24), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analytic_tag')),
    sa.UniqueConstraint('code', name=op.f('uq_analytic_tag_code'))
    )
    op.create_table('blob',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blob')),
    sa.UniqueConstraint('sha256', name=op.f('uq_blob_sha256'))
    )
    op.create_table('board_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label_ar', sa.String(length=120), nullable=False),
    sa.Column('label_fr', sa.String(length=120), nullable=False),
    sa.Column('label_en', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('max_holders', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_role')),
    sa.UniqueConstraint('code', name=op.f('uq_board_role_code'))
    )
    op.create_table('counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter')),
    sa.UniqueConstraint('series', 'year', name=op.f('uq_counter_series_year'))
    )
    op.create_table('funder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=True),
    sa.Column('name_fr', sa.String(length=300), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.Enum('state', 'indh', 'region', 'province', 'commune', 'public_body', 'foreign_government', 'international_organisation', 'foreign_ngo', 'moroccan_private', 'individual', name='funderkind', native_enum=False, length=32), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('foreign', sa.Boolean(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=400), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funder'))
    )
    op.create_table('journal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name_ar', sa.String(length=120), nullable=False),
    sa.Column('name_fr', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('cash', 'bank', 'general', 'opening', name='journalkind', native_enum=False, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal')),
    sa.UniqueConstraint('code', name=op.f('uq_journal_code'))
    )
    op.create_table('member_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label_ar', sa.String(length=120), nullable=False),
    sa.Column('label_fr', sa.String(length=120), nullable=False),
    sa.Column('label_en', sa.String(length=120), nullable=False),
    sa.Column('default_dues', sa.BigInteger(), nullable=False),
    sa.Column('votes', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_category')),
    sa.UniqueConstraint('code', name=op.f('uq_member_category_code'))
    )
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('code', name=op.f('uq_programme_code'))
    )
    op.create_table('setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_setting')),
    sa.UniqueConstraint('key', name=op.f('uq_setting_key'))
    )
    op.create_table('member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('last_name_ar', sa.String(length=120), nullable=True),
    sa.Column('first_name_ar', sa.String(length=120), nullable=True),
    sa.Column('last_name_lat', sa.String(length=120), nullable=True),
    sa.Column('first_name_lat', sa.String(length=120), nullable=True),
    sa.Column('gender', sa.Enum('m', 'f', name='gender', native_enum=False), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_place', sa.String(length=120), nullable=True),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('id_document', sa.Enum('cin', 'residence_card', 'passport', name='identitydocument', native_enum=False, length=24), nullable=False),
    sa.Column('id_number', sa.String(length=20), nullable=True),
    sa.Column('profession', sa.String(length=120), nullable=True),
    sa.Column('address', sa.String(length=400), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('join_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('active', 'suspended', 'resigned', 'deceased', 'excluded', name='memberstatus', native_enum=False, length=24), nullable=False),
    sa.Column('status_since', sa.Date(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('consent_date', sa.Date(), nullable=True),
    sa.Column('consent_scope', sa.String(length=400), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("coalesce(last_name_ar, '') <> '' OR coalesce(last_name_lat, '') <> ''", name=op.f('ck_member_has_name')),
    sa.ForeignKeyConstraint(['category_id'], ['member_category.id'], name=op.f('fk_member_category_id_member_category')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member')),
    sa.UniqueConstraint('number', name=op.f('uq_member_number'))
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index('ix_member_city', ['city'], unique=False)
        batch_op.create_index('ix_member_id_number', ['id_number'], unique=False)
        batch_op.create_index('ix_member_last_name_ar', ['last_name_ar', 'first_name_ar'], unique=False)
        batch_op.create_index('ix_member_last_name_lat', ['last_name_lat', 'first_name_lat'], unique=False)
        batch_op.create_index('ix_member_status', ['status'], unique=False)

    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=False),
    sa.Column('name_fr', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('analytic_tag_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['analytic_tag_id'], ['analytic_tag.id'], name=op.f('fk_project_analytic_tag_id_analytic_tag')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('code', name=op.f('uq_project_code'))
    )
    op.create_table('treasury_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('bank', 'cash', name='treasurykind', native_enum=False, length=24), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('journal_id', sa.Integer(), nullable=False),
    sa.Column('bank_name', sa.String(length=120), nullable=True),
    sa.Column('rib', sa.String(length=24), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_treasury_account_account_id_account')),
    sa.ForeignKeyConstraint(['journal_id'], ['journal.id'], name=op.f('fk_treasury_account_journal_id_journal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_treasury_account'))
    )
    op.create_table('funding_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('funder_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'under_review', 'granted', 'rejected', 'withdrawn', 'agreement_signed', 'in_progress', 'closed', name='requeststatus', native_enum=False, length=24), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount_requested', sa.BigInteger(), nullable=False),
    sa.Column('amount_granted', sa.BigInteger(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('agreement_number', sa.String(length=60), nullable=True),
    sa.Column('agreement_date', sa.Date(), nullable=True),
    sa.Column('report_due_on', sa.Date(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount_granted IS NULL OR amount_granted >= 0', name=op.f('ck_funding_request_amount_granted')),
    sa.CheckConstraint('amount_requested >= 0', name=op.f('ck_funding_request_amount_requested')),
    sa.ForeignKeyConstraint(['funder_id'], ['funder.id'], name=op.f('fk_funding_request_funder_id_funder')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_funding_request_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_request'))
    )
    with op.batch_alter_table('funding_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_request_funder_id'), ['funder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_request_project_id'), ['project_id'], unique=False)

    op.create_table('general_assembly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('constitutive', 'ordinary', 'extraordinary', name='assemblykind', native_enum=False, length=24), nullable=False),
    sa.Column('status', sa.Enum('planned', 'convened', 'held', 'cancelled', name='assemblystatus', native_enum=False, length=24), nullable=False),
    sa.Column('convened_on', sa.Date(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('quorum_percent', sa.Integer(), nullable=False),
    sa.Column('quorum_reached', sa.Boolean(), nullable=True),
    sa.Column('chair_member_id', sa.Integer(), nullable=True),
    sa.Column('secretary_member_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('quorum_percent BETWEEN 0 AND 100', name=op.f('ck_general_assembly_quorum_percent')),
    sa.ForeignKeyConstraint(['chair_member_id'], ['member.id'], name=op.f('fk_general_assembly_chair_member_id_member')),
    sa.ForeignKeyConstraint(['secretary_member_id'], ['member.id'], name=op.f('fk_general_assembly_secretary_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_general_assembly'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'secretary', 'treasurer', 'volunteer', 'viewer', name='role', native_enum=False, length=24), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_user_account_member_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('login', name=op.f('uq_user_account_login'))
    )
    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('training', 'awareness', 'distribution', 'cultural', 'sports', 'health', 'environment', 'meeting', 'other', name='activitykind', native_enum=False, length=24), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('commune', sa.String(length=120), nullable=True),
    sa.Column('province', sa.String(length=120), nullable=True),
    sa.Column('region_code', sa.String(length=2), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('funding_request_id', sa.Integer(), nullable=True),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_at IS NULL OR ends_at >= starts_at', name=op.f('ck_activity_dates')),
    sa.ForeignKeyConstraint(['funding_request_id'], ['funding_request.id'], name=op.f('fk_activity_funding_request_id_funding_request'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['logged_by_id'], ['user_account.id'], name=op.f('fk_activity_logged_by_id_user_account')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_activity_programme_id_programme')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_activity_project_id_project'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_funding_request_id'), ['funding_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_activity_starts_at', ['starts_at'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['general_assembly.id'], name=op.f('fk_agenda_item_assembly_id_general_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('assembly_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('attendance', sa.Enum('present', 'proxy', 'excused', 'absent', name='attendance', native_enum=False, length=24), nullable=False),
    sa.Column('proxy_holder_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(attendance = 'proxy') = (proxy_holder_id IS NOT NULL)", name=op.f('ck_assembly_attendance_proxy_holder')),
    sa.ForeignKeyConstraint(['assembly_id'], ['general_assembly.id'], name=op.f('fk_assembly_attendance_assembly_id_general_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_assembly_attendance_member_id_member')),
    sa.ForeignKeyConstraint(['proxy_holder_id'], ['member.id'], name=op.f('fk_assembly_attendance_proxy_holder_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assembly_attendance')),
    sa.UniqueConstraint('assembly_id', 'member_id', name=op.f('uq_assembly_attendance_assembly_id_member_id'))
    )
    with op.batch_alter_table('assembly_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assembly_attendance_member_id'), ['member_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('blob_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('taken_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['blob_id'], ['blob.id'], name=op.f('fk_attachment_blob_id_blob'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_attachment_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_blob_id'), ['blob_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_log_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_entity_entity_id', ['entity', 'entity_id'], unique=False)

    op.create_table('board_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('elected_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_board_term_dates')),
    sa.ForeignKeyConstraint(['elected_by_id'], ['general_assembly.id'], name=op.f('fk_board_term_elected_by_id_general_assembly'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_term'))
    )
    op.create_table('fiscal_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='fiscalyearstatus', native_enum=False, length=24), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on > starts_on', name=op.f('ck_fiscal_year_dates')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_fiscal_year_closed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fiscal_year')),
    sa.UniqueConstraint('label', name=op.f('uq_fiscal_year_label'))
    )
    op.create_table('funding_budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('funded_by_request', sa.BigInteger(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_funding_budget_line_account_id_account')),
    sa.ForeignKeyConstraint(['request_id'], ['funding_request.id'], name=op.f('fk_funding_budget_line_request_id_funding_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_budget_line'))
    )
    with op.batch_alter_table('funding_budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_budget_line_request_id'), ['request_id'], unique=False)

    op.create_table('funding_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('draft', 'submitted', 'under_review', 'granted', 'rejected', 'withdrawn', 'agreement_signed', 'in_progress', 'closed', name='requeststatus', native_enum=False, length=24), nullable=True),
    sa.Column('to_status', sa.Enum('draft', 'submitted', 'under_review', 'granted', 'rejected', 'withdrawn', 'agreement_signed', 'in_progress', 'closed', name='requeststatus', native_enum=False, length=24), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_funding_status_change_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['request_id'], ['funding_request.id'], name=op.f('fk_funding_status_change_request_id_funding_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_status_change'))
    )
    with op.batch_alter_table('funding_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_status_change_request_id'), ['request_id'], unique=False)

    op.create_table('member_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('active', 'suspended', 'resigned', 'deceased', 'excluded', name='memberstatus', native_enum=False, length=24), nullable=True),
    sa.Column('to_status', sa.Enum('active', 'suspended', 'resigned', 'deceased', 'excluded', name='memberstatus', native_enum=False, length=24), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_member_status_change_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_member_status_change_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_status_change'))
    )
    with op.batch_alter_table('member_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_status_change_member_id'), ['member_id'], unique=False)

    op.create_table('activity_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('photo', 'attendance_sheet', 'other', name='attachmentrole', native_enum=False, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_attachment_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_activity_attachment_attachment_id_attachment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_attachment'))
    )
    with op.batch_alter_table('activity_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_attachment_activity_id'), ['activity_id'], unique=False)

    op.create_table('association',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=False),
    sa.Column('name_fr', sa.String(length=300), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('purpose_ar', sa.Text(), nullable=True),
    sa.Column('purpose_fr', sa.Text(), nullable=True),
    sa.Column('address_ar', sa.String(length=400), nullable=True),
    sa.Column('address_fr', sa.String(length=400), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('region_code', sa.String(length=2), nullable=True),
    sa.Column('province', sa.String(length=120), nullable=True),
    sa.Column('commune', sa.String(length=120), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('website', sa.String(length=254), nullable=True),
    sa.Column('logo_attachment_id', sa.Integer(), nullable=True),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('receipt_number', sa.String(length=60), nullable=True),
    sa.Column('receipt_date', sa.Date(), nullable=True),
    sa.Column('public_utility', sa.Boolean(), nullable=False),
    sa.Column('public_utility_decree', sa.String(length=120), nullable=True),
    sa.Column('rib', sa.String(length=24), nullable=True),
    sa.Column('bank_name', sa.String(length=120), nullable=True),
    sa.Column('fiscal_year_start_month', sa.Integer(), nullable=False),
    sa.Column('default_language', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('fiscal_year_start_month BETWEEN 1 AND 12', name=op.f('ck_association_fiscal_year_start_month')),
    sa.ForeignKeyConstraint(['logo_attachment_id'], ['attachment.id'], name=op.f('fk_association_logo_attachment_id_attachment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association'))
    )
    op.create_table('authority_declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('creation', 'board_change', 'statutes_change', 'branch', 'other', name='declarationkind', native_enum=False, length=24), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('authority', sa.String(length=200), nullable=True),
    sa.Column('receipt_number', sa.String(length=60), nullable=True),
    sa.Column('receipt_date', sa.Date(), nullable=True),
    sa.Column('assembly_id', sa.Integer(), nullable=True),
    sa.Column('board_term_id', sa.Integer(), nullable=True),
    sa.Column('receipt_attachment_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['general_assembly.id'], name=op.f('fk_authority_declaration_assembly_id_general_assembly'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['board_term_id'], ['board_term.id'], name=op.f('fk_authority_declaration_board_term_id_board_term'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['receipt_attachment_id'], ['attachment.id'], name=op.f('fk_authority_declaration_receipt_attachment_id_attachment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_declaration'))
    )
    op.create_table('beneficiary_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('gender', sa.Enum('m', 'f', name='gender', native_enum=False), nullable=False),
    sa.Column('age_group', sa.Enum('0-14', '15-24', '25-59', '60+', name='agegroup', native_enum=False, length=8), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('count >= 0', name=op.f('ck_beneficiary_count_count')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_beneficiary_count_activity_id_activity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beneficiary_count')),
    sa.UniqueConstraint('activity_id', 'gender', 'age_group', name=op.f('uq_beneficiary_count_activity_id_gender_age_group'))
    )
    op.create_table('board_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_board_seat_member_id_member')),
    sa.ForeignKeyConstraint(['role_id'], ['board_role.id'], name=op.f('fk_board_seat_role_id_board_role')),
    sa.ForeignKeyConstraint(['term_id'], ['board_term.id'], name=op.f('fk_board_seat_term_id_board_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_seat'))
    )
    with op.batch_alter_table('board_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_seat_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_board_seat_term_id'), ['term_id'], unique=False)

    op.create_table('budget',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year_id', sa.Integer(), nullable=False),
    sa.Column('analytic_tag_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['analytic_tag_id'], ['analytic_tag.id'], name=op.f('fk_budget_analytic_tag_id_analytic_tag')),
    sa.ForeignKeyConstraint(['fiscal_year_id'], ['fiscal_year.id'], name=op.f('fk_budget_fiscal_year_id_fiscal_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget')),
    sa.UniqueConstraint('fiscal_year_id', 'analytic_tag_id', 'name', name=op.f('uq_budget_fiscal_year_id_analytic_tag_id_name'))
    )
    op.create_table('funding_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('provided', sa.Boolean(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_funding_document_attachment_id_attachment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['funding_request.id'], name=op.f('fk_funding_document_request_id_funding_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_document'))
    )
    with op.batch_alter_table('funding_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_document_request_id'), ['request_id'], unique=False)

    op.create_table('journal_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year_id', sa.Integer(), nullable=False),
    sa.Column('journal_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=True),
    sa.Column('voucher_attachment_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_journal_entry_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['fiscal_year_id'], ['fiscal_year.id'], name=op.f('fk_journal_entry_fiscal_year_id_fiscal_year')),
    sa.ForeignKeyConstraint(['journal_id'], ['journal.id'], name=op.f('fk_journal_entry_journal_id_journal')),
    sa.ForeignKeyConstraint(['reverses_id'], ['journal_entry.id'], name=op.f('fk_journal_entry_reverses_id_journal_entry')),
    sa.ForeignKeyConstraint(['voucher_attachment_id'], ['attachment.id'], name=op.f('fk_journal_entry_voucher_attachment_id_attachment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entry')),
    sa.UniqueConstraint('fiscal_year_id', 'journal_id', 'number', name=op.f('uq_journal_entry_fiscal_year_id_journal_id_number'))
    )
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.create_index('ix_journal_entry_entry_date', ['entry_date'], unique=False)

    op.create_table('resolution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('votes_abstain', sa.Integer(), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0', name=op.f('ck_resolution_votes')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_resolution_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assembly_id'], ['general_assembly.id'], name=op.f('fk_resolution_assembly_id_general_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution'))
    )
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolution_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('volunteer_time',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes >= 0', name=op.f('ck_volunteer_time_minutes')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_volunteer_time_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_volunteer_time_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_time')),
    sa.UniqueConstraint('activity_id', 'member_id', name=op.f('uq_volunteer_time_activity_id_member_id'))
    )
    with op.batch_alter_table('volunteer_time', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_time_member_id'), ['member_id'], unique=False)

    op.create_table('budget_amount',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_budget_amount_account_id_account')),
    sa.ForeignKeyConstraint(['budget_id'], ['budget.id'], name=op.f('fk_budget_amount_budget_id_budget'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_amount')),
    sa.UniqueConstraint('budget_id', 'account_id', name=op.f('uq_budget_amount_budget_id_account_id'))
    )
    op.create_table('dues_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('method', sa.Enum('cash', 'cheque', 'transfer', 'card', 'mobile', name='paymentmethod', native_enum=False, length=24), nullable=False),
    sa.Column('receipt_number', sa.String(length=30), nullable=False),
    sa.Column('journal_entry_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_dues_payment_positive_amount')),
    sa.ForeignKeyConstraint(['journal_entry_id'], ['journal_entry.id'], name=op.f('fk_dues_payment_journal_entry_id_journal_entry'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_dues_payment_member_id_member'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_payment')),
    sa.UniqueConstraint('receipt_number', name=op.f('uq_dues_payment_receipt_number'))
    )
    with op.batch_alter_table('dues_payment', schema=None) as batch_op:
        batch_op.create_index('ix_dues_payment_member_id', ['member_id'], unique=False)
        batch_op.create_index('ix_dues_payment_year_member', ['year', 'member_id'], unique=False)

    op.create_table('funding_tranche',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=True),
    sa.Column('expected_amount', sa.BigInteger(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount_received', sa.BigInteger(), nullable=True),
    sa.Column('exchange_rate', sa.String(length=40), nullable=True),
    sa.Column('amount_mad', sa.BigInteger(), nullable=True),
    sa.Column('journal_entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['journal_entry_id'], ['journal_entry.id'], name=op.f('fk_funding_tranche_journal_entry_id_journal_entry'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['funding_request.id'], name=op.f('fk_funding_tranche_request_id_funding_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_tranche')),
    sa.UniqueConstraint('request_id', 'number', name=op.f('uq_funding_tranche_request_id_number'))
    )
    with op.batch_alter_table('funding_tranche', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_tranche_request_id'), ['request_id'], unique=False)

    op.create_table('journal_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=True),
    sa.Column('debit', sa.BigInteger(), nullable=False),
    sa.Column('credit', sa.BigInteger(), nullable=False),
    sa.Column('analytic_tag_id', sa.Integer(), nullable=True),
    sa.Column('funder_id', sa.Integer(), nullable=True),
    sa.Column('aid_kind', sa.String(length=60), nullable=True),
    sa.Column('agreement_number', sa.String(length=60), nullable=True),
    sa.Column('agreement_date', sa.Date(), nullable=True),
    sa.Column('voucher_attachment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('debit >= 0 AND credit >= 0 AND ((debit = 0) <> (credit = 0))', name=op.f('ck_journal_line_one_side')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_journal_line_account_id_account')),
    sa.ForeignKeyConstraint(['analytic_tag_id'], ['analytic_tag.id'], name=op.f('fk_journal_line_analytic_tag_id_analytic_tag')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_journal_line_entry_id_journal_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['funder_id'], ['funder.id'], name=op.f('fk_journal_line_funder_id_funder')),
    sa.ForeignKeyConstraint(['voucher_attachment_id'], ['attachment.id'], name=op.f('fk_journal_line_voucher_attachment_id_attachment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_line'))
    )
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_line_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_line_analytic_tag_id'), ['analytic_tag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_line_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_line_funder_id'), ['funder_id'], unique=False)

    op.create_table('foreign_funding_declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tranche_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('declared_on', sa.Date(), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_foreign_funding_declaration_attachment_id_attachment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tranche_id'], ['funding_tranche.id'], name=op.f('fk_foreign_funding_declaration_tranche_id_funding_tranche'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foreign_funding_declaration')),
    sa.UniqueConstraint('tranche_id', name=op.f('uq_foreign_funding_declaration_tranche_id'))
    )



def downgrade() -> None:
    op.drop_table('foreign_funding_declaration')
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_line_funder_id'))
        batch_op.drop_index(batch_op.f('ix_journal_line_entry_id'))
        batch_op.drop_index(batch_op.f('ix_journal_line_analytic_tag_id'))
        batch_op.drop_index(batch_op.f('ix_journal_line_account_id'))

    op.drop_table('journal_line')
    with op.batch_alter_table('funding_tranche', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_tranche_request_id'))

    op.drop_table('funding_tranche')
    with op.batch_alter_table('dues_payment', schema=None) as batch_op:
        batch_op.drop_index('ix_dues_payment_year_member')
        batch_op.drop_index('ix_dues_payment_member_id')

    op.drop_table('dues_payment')
    op.drop_table('budget_amount')
    with op.batch_alter_table('volunteer_time', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_time_member_id'))

    op.drop_table('volunteer_time')
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolution_assembly_id'))

    op.drop_table('resolution')
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_journal_entry_entry_date')

    op.drop_table('journal_entry')
    with op.batch_alter_table('funding_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_document_request_id'))

    op.drop_table('funding_document')
    op.drop_table('budget')
    with op.batch_alter_table('board_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_seat_term_id'))
        batch_op.drop_index(batch_op.f('ix_board_seat_member_id'))

    op.drop_table('board_seat')
    op.drop_table('beneficiary_count')
    op.drop_table('authority_declaration')
    op.drop_table('association')
    with op.batch_alter_table('activity_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_attachment_activity_id'))

    op.drop_table('activity_attachment')
    with op.batch_alter_table('member_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_status_change_member_id'))

    op.drop_table('member_status_change')
    with op.batch_alter_table('funding_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_status_change_request_id'))

    op.drop_table('funding_status_change')
    with op.batch_alter_table('funding_budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_budget_line_request_id'))

    op.drop_table('funding_budget_line')
    op.drop_table('fiscal_year')
    op.drop_table('board_term')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity_entity_id')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_blob_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('assembly_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assembly_attendance_member_id'))

    op.drop_table('assembly_attendance')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_assembly_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_starts_at')
        batch_op.drop_index(batch_op.f('ix_activity_project_id'))
        batch_op.drop_index(batch_op.f('ix_activity_funding_request_id'))

    op.drop_table('activity')
    op.drop_table('user_account')
    op.drop_table('general_assembly')
    with op.batch_alter_table('funding_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_request_project_id'))
        batch_op.drop_index(batch_op.f('ix_funding_request_funder_id'))

    op.drop_table('funding_request')
    op.drop_table('treasury_account')
    op.drop_table('project')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index('ix_member_status')
        batch_op.drop_index('ix_member_last_name_lat')
        batch_op.drop_index('ix_member_last_name_ar')
        batch_op.drop_index('ix_member_id_number')
        batch_op.drop_index('ix_member_city')

    op.drop_table('member')
    op.drop_table('setting')
    op.drop_table('programme')
    op.drop_table('member_category')
    op.drop_table('journal')
    op.drop_table('funder')
    op.drop_table('counter')
    op.drop_table('board_role')
    op.drop_table('blob')
    op.drop_table('analytic_tag')
    op.drop_table('account')
