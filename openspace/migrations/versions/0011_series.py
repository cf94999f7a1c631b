"""series of meetings: the series, each meeting's place in it, carried cards

Revision ID: 0011
Revises: 0004
Create Date: 2026-11-30 12:30:00

Upgrade: two new tables (series, series_meetings) and four columns on cards:
where a carried card came from (workshop and card ids) and the supports and
"count me in" it brought as counts (0 for every existing card). Downgrade
drops them; no other table refers to them.
"""

import sqlalchemy as sa
from alembic import op

import openspace.models

revision = '0011'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        'series',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('created_at', openspace.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'series_meetings',
        sa.Column('workshop_id', sa.String(length=32), nullable=False),
        sa.Column('series_id', sa.String(length=32), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('previous_workshop_id', sa.String(length=32), nullable=True),
        sa.Column('place', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['series_id'], ['series.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id'),
    )
    op.create_index('ix_series_meetings_series', 'series_meetings', ['series_id', 'position'],
                    unique=False)
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from_workshop_id', sa.String(length=32),
                                      nullable=True))
        batch_op.add_column(sa.Column('carried_from_card_id', sa.String(length=32),
                                      nullable=True))
        batch_op.add_column(sa.Column('carried_supports', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('carried_commitments', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_column('carried_commitments')
        batch_op.drop_column('carried_supports')
        batch_op.drop_column('carried_from_card_id')
        batch_op.drop_column('carried_from_workshop_id')
    op.drop_index('ix_series_meetings_series', table_name='series_meetings')
    op.drop_table('series_meetings')
    op.drop_table('series')
