-- The console's sync plans: each action's section (所属, as the HR file stated it when the plan was
-- made) so that a section head can check the plan for their section; who made a plan from the
-- console and from which file (the configured export or an uploaded one).
alter table lifecycle_plan_action add column section varchar(300);
alter table lifecycle_plan add column made_by varchar(100);
alter table lifecycle_plan add column source_name varchar(300);
create index lifecycle_plan_action_plan_section on lifecycle_plan_action (plan_id, section);
