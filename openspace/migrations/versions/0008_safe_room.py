"""safe room: word lists per workshop and the posts they flagged

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-30 12:00:00
"""

import sqlalchemy as sa
from alembic import op

import openspace.models

revision = '0008'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the safe_rooms and safety_flags tables."""
    op.create_table(
        'safe_rooms',
        sa.Column('workshop_id', sa.String(length=32), nullable=False),
        sa.Column('held_words', sa.JSON(), nullable=True),
        sa.Column('distress_words', sa.JSON(), nullable=True),
        sa.Column('help_text', sa.Text(), nullable=True),
        sa.Column('updated_at', openspace.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id'),
    )
    op.create_table(
        'safety_flags',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('workshop_id', sa.String(length=32), nullable=False),
        sa.Column('card_id', sa.String(length=32), nullable=False),
        sa.Column('comment_id', sa.String(length=32), nullable=True),
        sa.Column('held', sa.Boolean(), nullable=False),
        sa.Column('distress', sa.Boolean(), nullable=False),
        sa.Column('created_at', openspace.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_safety_flags_workshop', 'safety_flags', ['workshop_id'])
    op.create_index('ix_safety_flags_card', 'safety_flags', ['card_id'])


def downgrade() -> None:
    """Drop the safe room's tables."""
    op.drop_index('ix_safety_flags_card', table_name='safety_flags')
    op.drop_index('ix_safety_flags_workshop', table_name='safety_flags')
    op.drop_table('safety_flags')
    op.drop_table('safe_rooms')
