"""after the day: follow-up of initiatives, progress notes, follow-up consent

Revision ID: 0010
Revises: 0004
Create Date: 2026-11-30 12:00:00

Upgrade: four new tables (followups, followup_notes, followup_consents,
followup_terms); a workshop without a term row has the default of 6 months.
Downgrade drops them; nothing else changes, since no other table refers to them.
"""

import sqlalchemy as sa
from alembic import op

import openspace.models

revision = '0010'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        'followups',
        sa.Column('card_id', sa.String(length=32), nullable=False),
        sa.Column('workshop_id', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('lead', sa.String(length=200), nullable=True),
        sa.Column('next_step', sa.Text(), nullable=True),
        sa.Column('next_meeting', sa.Date(), nullable=True),
        sa.Column('updated_at', openspace.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('card_id'),
    )
    op.create_index('ix_followups_workshop', 'followups', ['workshop_id'], unique=False)
    op.create_table(
        'followup_notes',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('workshop_id', sa.String(length=32), nullable=False),
        sa.Column('card_id', sa.String(length=32), nullable=False),
        sa.Column('noted_on', sa.Date(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author_role', sa.String(length=16), nullable=False),
        sa.Column('created_at', openspace.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_followup_notes_card', 'followup_notes', ['card_id', 'noted_on'],
                    unique=False)
    op.create_table(
        'followup_consents',
        sa.Column('commitment_id', sa.String(length=32), nullable=False),
        sa.Column('workshop_id', sa.String(length=32), nullable=False),
        sa.Column('card_id', sa.String(length=32), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('given_at', openspace.models.UTCDateTime(), nullable=False),
        sa.Column('until', openspace.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('commitment_id'),
    )
    op.create_index('ix_followup_consents_workshop', 'followup_consents',
                    ['workshop_id', 'until'], unique=False)
    op.create_table(
        'followup_terms',
        sa.Column('workshop_id', sa.String(length=32), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id'),
    )


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table('followup_terms')
    op.drop_index('ix_followup_consents_workshop', table_name='followup_consents')
    op.drop_table('followup_consents')
    op.drop_index('ix_followup_notes_card', table_name='followup_notes')
    op.drop_table('followup_notes')
    op.drop_index('ix_followups_workshop', table_name='followups')
    op.drop_table('followups')
