-- The label of a theme's complaints (issue 11): what its negative items say, praise dropped. A theme of mostly
-- praise ("free ongkir, shipping") names its pain points by its complaints ("minimum order"); a theme of mostly
-- complaints has its own label here. NULL when the theme's complaints have no key phrase of their own.
alter table core.themes add column if not exists complaint_label varchar;
