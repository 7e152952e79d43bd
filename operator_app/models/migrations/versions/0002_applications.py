"""applicants, applications, documents, visits, codes and post letters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:45:27.192322
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import operator_app.models.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('applicant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('surname_latin', sa.String(length=100), nullable=False),
    sa.Column('given_names_latin', sa.String(length=150), nullable=False),
    sa.Column('surname_cyrillic', sa.String(length=100), nullable=False),
    sa.Column('given_names_cyrillic', sa.String(length=150), nullable=False),
    sa.Column('patronymic_cyrillic', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('citizenship', sa.String(length=3), nullable=False),
    sa.Column('snils', sa.String(length=11), nullable=True),
    sa.Column('inn', sa.String(length=12), nullable=True),
    sa.Column('phone', sa.String(length=16), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=400), nullable=False),
    sa.Column('postal_code', sa.String(length=6), nullable=True),
    sa.Column('created_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applicant'))
    )
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.create_index('ix_applicant_surname_latin', ['surname_latin'], unique=False)

    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('confirmation_method', sa.Enum('service_center', 'post', name='confirmationmethod', native_enum=False, length=32), nullable=False),
    sa.Column('post_office_id', sa.Integer(), nullable=True),
    sa.Column('account_status', sa.Enum('pending', 'active', 'blocked', name='accountstatus', native_enum=False, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['applicant.id'], name=op.f('fk_application_applicant_id_applicant')),
    sa.ForeignKeyConstraint(['post_office_id'], ['service_point.id'], name=op.f('fk_application_post_office_id_service_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    sa.UniqueConstraint('number', name=op.f('uq_application_number'))
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_applicant_id'), ['applicant_id'], unique=False)

    op.create_table('identity_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('passport', 'residence_permit', 'temporary_residence', 'migration_card', 'stay_registration', 'patent', 'snils', 'inn', name='documentkind', native_enum=False, length=32), nullable=False),
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('issuing_authority', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('surname_latin', sa.String(length=100), nullable=False),
    sa.Column('given_names_latin', sa.String(length=150), nullable=False),
    sa.Column('mrz', sa.Text(), nullable=True),
    sa.Column('checked_at', operator_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['applicant.id'], name=op.f('fk_identity_document_applicant_id_applicant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_document'))
    )
    with op.batch_alter_table('identity_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_document_applicant_id'), ['applicant_id'], unique=False)

    op.create_table('post_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_point_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['operator.id'], name=op.f('fk_post_batch_created_by_operator')),
    sa.ForeignKeyConstraint(['sender_point_id'], ['service_point.id'], name=op.f('fk_post_batch_sender_point_id_service_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_batch'))
    )
    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('service_point_id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('first', 'repeat', name='visitkind', native_enum=False, length=32), nullable=False),
    sa.Column('repeat_reason', sa.Enum('missing_documents', 'data_correction', 'status_certificate', 'extra_identity_check', name='repeatreason', native_enum=False, length=32), nullable=True),
    sa.Column('free_of_charge', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Enum('opened', 'documents_checked', 'data_corrected', 'confirmed', 'repeat_needed', 'refused', 'cancelled', name='visitstate', native_enum=False, length=32), nullable=False),
    sa.Column('opened_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('decided_at', operator_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('missing', sa.Text(), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('open_application_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_visit_application_id_application')),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], name=op.f('fk_visit_operator_id_operator')),
    sa.ForeignKeyConstraint(['service_point_id'], ['service_point.id'], name=op.f('fk_visit_service_point_id_service_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit')),
    sa.UniqueConstraint('open_application_id', name=op.f('uq_visit_open_application_id'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_application_id'), ['application_id'], unique=False)

    op.create_table('confirmation_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('state', sa.Enum('active', 'redeemed', 'revoked', 'expired', 'locked', name='codestate', native_enum=False, length=32), nullable=False),
    sa.Column('issued_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('closed_at', operator_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_confirmation_code_application_id_application')),
    sa.ForeignKeyConstraint(['issued_by'], ['operator.id'], name=op.f('fk_confirmation_code_issued_by_operator')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_confirmation_code_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_confirmation_code')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_confirmation_code_code_hash')),
    sa.UniqueConstraint('request_id', name=op.f('uq_confirmation_code_request_id'))
    )
    with op.batch_alter_table('confirmation_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_confirmation_code_application_id'), ['application_id'], unique=False)

    op.create_table('data_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('created_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_data_correction_application_id_application')),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], name=op.f('fk_data_correction_operator_id_operator')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_data_correction_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_correction'))
    )
    with op.batch_alter_table('data_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_correction_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_correction_visit_id'), ['visit_id'], unique=False)

    op.create_table('document_image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('dpi', sa.Integer(), nullable=True),
    sa.Column('sharpness', sa.Double(), nullable=True),
    sa.Column('glare', sa.Double(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('captured_by', sa.Integer(), nullable=True),
    sa.Column('captured_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['captured_by'], ['operator.id'], name=op.f('fk_document_image_captured_by_operator')),
    sa.ForeignKeyConstraint(['document_id'], ['identity_document.id'], name=op.f('fk_document_image_document_id_identity_document')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_document_image_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_image'))
    )
    with op.batch_alter_table('document_image', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_image_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_image_visit_id'), ['visit_id'], unique=False)

    op.create_table('post_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('tracking_number', sa.String(length=14), nullable=False),
    sa.Column('state', sa.Enum('created', 'printed', 'in_transit', 'at_office', 'handed_over', 'returned', name='letterstate', native_enum=False, length=32), nullable=False),
    sa.Column('state_changed_at', operator_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('arrived_at', operator_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('handed_over_at', operator_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('handed_over_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_post_letter_application_id_application')),
    sa.ForeignKeyConstraint(['batch_id'], ['post_batch.id'], name=op.f('fk_post_letter_batch_id_post_batch')),
    sa.ForeignKeyConstraint(['code_id'], ['confirmation_code.id'], name=op.f('fk_post_letter_code_id_confirmation_code')),
    sa.ForeignKeyConstraint(['handed_over_by'], ['operator.id'], name=op.f('fk_post_letter_handed_over_by_operator')),
    sa.ForeignKeyConstraint(['office_id'], ['service_point.id'], name=op.f('fk_post_letter_office_id_service_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_letter')),
    sa.UniqueConstraint('tracking_number', name=op.f('uq_post_letter_tracking_number'))
    )
    with op.batch_alter_table('post_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_letter_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_letter_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_letter_office_id'), ['office_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('post_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_letter_office_id'))
        batch_op.drop_index(batch_op.f('ix_post_letter_batch_id'))
        batch_op.drop_index(batch_op.f('ix_post_letter_application_id'))

    op.drop_table('post_letter')
    with op.batch_alter_table('document_image', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_image_visit_id'))
        batch_op.drop_index(batch_op.f('ix_document_image_document_id'))

    op.drop_table('document_image')
    with op.batch_alter_table('data_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_correction_visit_id'))
        batch_op.drop_index(batch_op.f('ix_data_correction_application_id'))

    op.drop_table('data_correction')
    with op.batch_alter_table('confirmation_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_confirmation_code_application_id'))

    op.drop_table('confirmation_code')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_application_id'))

    op.drop_table('visit')
    op.drop_table('post_batch')
    with op.batch_alter_table('identity_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_document_applicant_id'))

    op.drop_table('identity_document')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_applicant_id'))

    op.drop_table('application')
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.drop_index('ix_applicant_surname_latin')

    op.drop_table('applicant')
