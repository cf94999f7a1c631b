"""one place per meeting: series_meetings.place goes, workshops.place is the one

Revision ID: 0014
Revises: 0016
Create Date: 2026-11-30 13:00:00

Upgrade: a meeting's place given when the series made it was kept twice (on
the series row and on the workshop). A workshop without a place takes the
series row's, then the series column is dropped. Downgrade adds the column
back, filled from the workshop's place.
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.execute(
        "UPDATE workshops SET place = (SELECT series_meetings.place FROM series_meetings "
        "WHERE series_meetings.workshop_id = workshops.id) "
        "WHERE (workshops.place IS NULL OR workshops.place = '') AND EXISTS ("
        "SELECT 1 FROM series_meetings WHERE series_meetings.workshop_id = workshops.id "
        "AND series_meetings.place <> '')")
    with op.batch_alter_table('series_meetings', schema=None) as batch_op:
        batch_op.drop_column('place')


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table('series_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=300), nullable=False,
                                      server_default=''))
    op.execute(
        "UPDATE series_meetings SET place = COALESCE((SELECT workshops.place FROM workshops "
        "WHERE workshops.id = series_meetings.workshop_id), '')")
