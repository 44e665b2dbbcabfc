import{c as r,s as e}from"./flowDiagram-HODETNUW-D0tl7W6A.js";import{_ as a}from"./mermaid.core-WJcp4yx8.js";import"./chunk-5VM5RSS4-lvzGP3te.js";import"./chunk-XXDRQBXY-C8TQaUvQ.js";import"./chunk-POPQ4Y6H-nhyZ-2qI.js";import"./chunk-F27PBJKO-eMz2sSTh.js";import"./channel-DtxGaoak.js";import"./main-z0TSEtFl.js";var o=a(t=>`${e(t)}
  .swimlane.cluster rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,"getStyles"),s=o,n=r({defaultLayout:"swimlane",styles:s});export{n as diagram};
