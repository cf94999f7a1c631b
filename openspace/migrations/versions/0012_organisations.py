"""alliances: the organisations register and the alliance settings of a workshop

Revision ID: 0012
Revises: 0004
Create Date: 2026-11-30 12:10:00
"""

import sqlalchemy as sa
from alembic import op

import openspace.models

revision = '0012'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table('organisations',
    sa.Column('workshop_id', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=32), nullable=True),
    sa.Column('merged_into', sa.String(length=200), nullable=True),
    sa.Column('updated_at', openspace.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'key')
    )
    op.create_table('alliance_settings',
    sa.Column('workshop_id', sa.String(length=32), nullable=False),
    sa.Column('wanted_sectors', sa.JSON(), nullable=False),
    sa.Column('indicators', sa.JSON(), nullable=False),
    sa.Column('backbone', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id')
    )


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table('alliance_settings')
    op.drop_table('organisations')
